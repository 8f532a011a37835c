"""Subprocess for the crash test: edits an application forever, printing each change once saved."""

from __future__ import annotations

import sys

from hzsubsidy_desktop.store import Store


def main(db: str, app_id: str) -> None:
    store = Store(db)
    i = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    while True:
        i += 1
        store.set_value(app_id, "/project/subsidy_requested", str(i), actor="enterprise")
        if i % 3 == 0:
            store.add_row(app_id, "/expenditure/other", values={"name": f"费用{i}", "spent": str(i)}, actor="enterprise")
        if i % 7 == 0:
            store.remove_row(app_id, "/expenditure/other", 0, actor="enterprise")
        print(i, flush=True)  # reported done only after the commit returned


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
