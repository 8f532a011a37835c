"""Screenshots of the GUI at 1280×800: the main window and every wizard page of the sample.

Usage: ``python scripts/screenshots.py [FOLDER]`` (default ``docs/screenshots/``). Runs
offscreen unless a display is set; under ``xvfb-run -a`` the window system is a real X server.
The sample application goes into a temporary database, so the user's data is never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hzsubsidy_desktop.document.sample import sample_application  # noqa: E402
from hzsubsidy_desktop.gui.app import create_app  # noqa: E402
from hzsubsidy_desktop.gui.main_window import MainWindow  # noqa: E402
from hzsubsidy_desktop.gui.qt import QApplication  # noqa: E402
from hzsubsidy_desktop.store import Store  # noqa: E402
from hzsubsidy_desktop.workspace import Workspace  # noqa: E402

SIZE = (1280, 800)


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    create_app()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "screenshots.sqlite3")
        workspace = Workspace(store)
        # A second, unfinished application makes the list look like a real one.
        draft = workspace.new_application()
        workspace.edit(draft, "/project/name", "安吉县白茶产业带线上专区项目")
        workspace.edit(draft, "/enterprise/name", "安吉白茶电子商务有限公司")
        workspace.report(draft)
        app_id = workspace.add_document(sample_application())
        window = MainWindow(workspace, restore=False)
        window.resize(*SIZE)
        window.show()
        settle()
        written = [out / "00-main-window.png"]
        window.grab().save(str(written[-1]))
        window.enterprise.open_application(app_id)
        wizard = window.enterprise.wizard
        for number, step in enumerate(wizard.steps, start=1):
            wizard.go_to_step(step.key)
            settle()
            written.append(out / f"{number:02d}-{step.key}.png")
            window.grab().save(str(written[-1]))
        # The review page of an application with a few typical mistakes.
        flawed = sample_application()
        flawed["project"]["name"] = "安吉竹木家居跨境电商公共服务中心项目"
        code = flawed["enterprise"]["credit_code"]
        flawed["enterprise"]["credit_code"] = code[:17] + ("0" if code[17] != "0" else "1")
        flawed["project"]["subsidy_requested"] = "520"
        flawed["expenditure"]["other"].append({"name": "海外推介展位费"})
        del flawed["enterprise"]["contact_phone"]
        flawed_id = workspace.add_document(flawed)
        window.enterprise.open_application(flawed_id)
        wizard = window.enterprise.wizard
        wizard.go_to_step("review")
        settle()
        written.append(out / f"{len(wizard.steps) + 1:02d}-review-with-findings.png")
        window.grab().save(str(written[-1]))
        window.close()
        store.close()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
