"""Application ids: 32 lowercase hex characters, in creation order, and the short id people see and type.

A new id is ``<12 hex: Unix milliseconds><4 hex: counter><16 hex: random>`` (the layout of a UUIDv7
without its version bits). Ids made by one process are strictly increasing — within one millisecond the
counter orders them; a clock that steps back keeps the last time — so an import appends to the end of
every index keyed by application id instead of writing at random places. 64 random bits keep ids made by
other processes or machines in the same millisecond apart; an id is never matched across machines anyway
(packages carry submission ids), and ``applications.id`` is the primary key, so a clash could only refuse
an insert, never merge two applications.

Databases made before keep their ``uuid4().hex`` ids. The short id is the last 8 characters (random in
both layouts; the first 8 of a new id are the same for everything made in the same minute), and
:meth:`Store.resolve <hzsubsidy_desktop.store.Store.resolve>` accepts a unique prefix or suffix, so the
prefixes printed by older versions still resolve.
"""

from __future__ import annotations

import secrets
import threading
import time

SHORT = 8  # characters of the short id

_lock = threading.Lock()
_last = (0, -1)  # (milliseconds, counter) of the last id made by this process
_COUNTER_MAX = 0xFFFF


def new_id() -> str:
    """A new application id, greater than every id this process made before."""
    global _last
    with _lock:
        ms, counter = time.time_ns() // 1_000_000, 0
        last_ms, last_counter = _last
        if ms <= last_ms:  # the same millisecond, or the clock stepped back
            ms, counter = last_ms, last_counter + 1
            if counter > _COUNTER_MAX:
                ms, counter = last_ms + 1, 0
        _last = (ms, counter)
    return f"{ms & 0xFFFF_FFFF_FFFF:012x}{counter:04x}{secrets.token_hex(8)}"


def short_id(app_id: str) -> str:
    """What lists and messages show of an application id (its last 8 characters; resolvable)."""
    return app_id[-SHORT:]
