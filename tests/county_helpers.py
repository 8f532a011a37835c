"""Enterprises and counties for the clerk's tests: real databases and the files they send."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import county as cons
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.interchange.submission import pack_application
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.workspace import Workspace

OTHER_CODE = "91330523MA2B7Q6K1G"  # valid check characters
OTHER_ENTERPRISE = "湖州安吉白茶电子商务有限公司"
OTHER_PROJECT = "安吉白茶跨境电商线上产业带专区项目"


def doc_with(**values: str) -> dict[str, Any]:
    """The sample application with some values replaced: ``project__name="…"``."""
    doc = sample_application()
    for key, value in values.items():
        group, name = key.split("__")
        doc[group][name] = value
    return doc


class Enterprise:
    """An enterprise's own database (the app as the enterprise uses it) and the files it sends."""

    def __init__(self, base: Path, doc: dict[str, Any] | None = None) -> None:
        base.mkdir(parents=True, exist_ok=True)
        self.base = base
        self.store = Store(base / "enterprise.sqlite3")
        self.ws = Workspace(self.store)
        self.app_id = self.ws.add_document(doc or sample_application())
        self.sent = 0

    def send(self, out: Path | None = None, *, draft: bool = False, **edits: str) -> Path:
        """Edit (``project__name="…"``) and pack the next revision into ``out`` (default: a new folder);
        ``draft`` packs it even with errors (a hand-edited file the app would not accept as typed)."""
        for pointer, text in edits.items():
            self.ws.edit(self.app_id, "/" + pointer.replace("__", "/"), text)
        self.sent += 1
        return pack_application(self.store, self.app_id, out or self.base / f"sent{self.sent}", draft=draft)

    def copy_as(self, base: Path, **values: Any) -> Enterprise:
        """An agency copies this enterprise's database as the template for another client and retypes
        some values (stored as typed, the way a hand-edited copy would hold them)."""
        base.mkdir(parents=True, exist_ok=True)
        self.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy(self.store.path, base / "enterprise.sqlite3")
        copy = Enterprise.__new__(Enterprise)
        copy.base, copy.sent = base, 0
        copy.store = Store(base / "enterprise.sqlite3")
        copy.ws = Workspace(copy.store)
        copy.app_id = self.app_id
        for pointer, value in values.items():
            copy.store.set_value(copy.app_id, "/" + pointer.replace("__", "/"), value, actor="enterprise")
        return copy

    def close(self) -> None:
        self.store.close()


def county_db(path: Path, county: str, docs: list[dict[str, Any]]) -> tuple[Store, list[str]]:
    """A county's database with these applications imported."""
    store = Store(path)
    cons.set_county_settings(store, {"county": county, "contact_person": "联系人", "contact_phone": "0572-5122345"})
    ids = [Workspace(store, actor="import").add_document(doc, origin="import") for doc in docs]
    return store, ids
