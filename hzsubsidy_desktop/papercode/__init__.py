"""The code on every printed page: what it holds (``payload``), reading it back from scans (``scan``) and
checking scanned pages against the imported applications (``verify``). No Qt here."""
