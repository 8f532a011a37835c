"""The Qt GUI (PySide6). The only package of hzsubsidy that imports Qt, and only through :mod:`.qt`."""
