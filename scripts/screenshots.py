"""Screenshots of the GUI: the main window and every wizard page of the sample, the review of a
flawed application, a file dialog and the user guide.

Usage: ``python scripts/screenshots.py [FOLDER] [--screen]`` (default ``docs/screenshots/``). The
window is 1280×800, or with ``--screen`` as large as the screen's available geometry, e.g.
``QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 1366x768x24" python scripts/screenshots.py out --screen``
for a 1366×768 laptop at 150 %. Runs
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
from hzsubsidy_desktop.gui import dialogs  # noqa: E402
from hzsubsidy_desktop.gui.app import create_app  # noqa: E402
from hzsubsidy_desktop.gui.dialogs import fit_to_screen  # noqa: E402
from hzsubsidy_desktop.gui.main_window import MainWindow  # noqa: E402
from hzsubsidy_desktop.gui.qt import QApplication, QFileDialog, QWidget  # noqa: E402
from hzsubsidy_desktop.store import Store  # noqa: E402
from hzsubsidy_desktop.workspace import Workspace  # noqa: E402

SIZE = (1280, 800)


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def main(argv: list[str]) -> int:
    fit = "--screen" in argv
    argv = [a for a in argv if a != "--screen"]
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
        if fit:
            room = QApplication.primaryScreen().availableGeometry()
            fit_to_screen(window, room.width(), room.height())
        else:
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
        # A rejected amount in the 附件4 grid and a 元 conversion under a field.
        wizard.go_to_step("enterprise")
        capital = wizard.findChild(QWidget, "/enterprise/registered_capital")
        capital.setText("2,000,000元")
        capital.textEdited.emit(capital.text())
        capital.editingFinished.emit()
        settle()
        written.append(out / f"{len(wizard.steps) + 2:02d}-enterprise-with-messages.png")
        window.grab().save(str(written[-1]))
        # Qt's own file dialog, as the export shows it (Chinese, whole file names).
        for name in ("91330523MA2B3C4D5X_安吉竹木家居跨境电商公共服务中心项目.hzsub",
                     "91330523MA2B3C4D5X_安吉竹木家居跨境电商公共服务中心项目（副本）.hzsub"):
            (Path(tmp) / name).write_bytes(b"")
        dialog = dialogs._dialog(window, "选择报送文件", tmp, QFileDialog.FileMode.ExistingFiles,
                                 "报送文件 (*.hzsub)")
        dialog.show()
        settle()
        written.append(out / f"{len(wizard.steps) + 3:02d}-file-dialog.png")
        dialog.grab().save(str(written[-1]))
        dialog.close()
        window.show_guide()
        settle()
        written.append(out / f"{len(wizard.steps) + 4:02d}-user-guide.png")
        window.guide.grab().save(str(written[-1]))
        window.enterprise.close_application(ask=False)
        window.close()
        store.close()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
