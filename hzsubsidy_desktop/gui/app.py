"""Starting the GUI: the QApplication (Chinese, icon, style, high-DPI) and the main window.

``hzsubsidy`` with no sub-command calls :func:`run`; tests and scripts call :func:`create_app`
and build a :class:`~hzsubsidy_desktop.gui.main_window.MainWindow` themselves.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hzsubsidy_desktop import __version__
from hzsubsidy_desktop.gui.qt import (
    QApplication,
    QFont,
    QGuiApplication,
    QIcon,
    QLibraryInfo,
    QLocale,
    QMessageBox,
    Qt,
    QTranslator,
)
from hzsubsidy_desktop.paths import data_dir, default_db_path

APP_NAME = "hzsubsidy"
DISPLAY_NAME = "跨境电商专项激励申报"
# Fonts tried in order; Qt falls back per character, so Latin-only fonts must not come first.
UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
            "WenQuanYi Micro Hei", "sans-serif"]


def resource(*parts: str) -> Path:
    """A file under the shipped ``resources/`` folder."""
    return data_dir("resources").joinpath(*parts)


def app_icon() -> QIcon:
    return QIcon(str(resource("icons", "hzsubsidy.svg")))


# Qt 6 strings that its zh_CN catalogue (written for older wordings) does not have: without
# these, Qt's file dialog says "Look in:" and "Files of type:". (Its size column follows the
# system locale: "12 字节" on a Chinese system.)
MISSING_QT_STRINGS = {
    ("QFileDialog", "&Look in:"): "查找范围(&I)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}


class MissingQtStrings(QTranslator):
    """Chinese for the few Qt strings the shipped catalogue lacks (asked when it has nothing)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # noqa: D102
                  n: int = -1) -> str | None:
        return MISSING_QT_STRINGS.get((context, source))  # None: not ours (an empty text would be taken)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


def _install_translations(app: QApplication) -> None:
    """Qt's own Chinese strings, so standard buttons read 确定/取消."""
    missing = MissingQtStrings(app)
    app.installTranslator(missing)
    app._hz_missing = missing  # keep a reference alive
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            if not hasattr(app, "_hz_translators"):
                app._hz_translators = []  # keep references alive
            app._hz_translators.append(translator)
            break


def _stylesheet() -> str:
    try:
        return resource("styles", "app.qss").read_text(encoding="utf-8")
    except OSError:
        return ""


def create_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication, configured once (an existing instance is reused, as under pytest-qt)."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    if getattr(app, "_hz_configured", False):
        return app
    app._hz_configured = True  # a Python attribute: bool Qt properties leak references in PySide6
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_NAME)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    _install_translations(app)
    app.setWindowIcon(app_icon())
    font = QFont(app.font())
    font.setFamilies(UI_FONTS)
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(_stylesheet())
    return app


def run(db: str | None = None) -> int:
    """Start the GUI on the database ``db`` (default: ``HZSUBSIDY_DB`` or the user data folder)."""
    from hzsubsidy_desktop.gui.main_window import MainWindow
    from hzsubsidy_desktop.store import StoreError
    from hzsubsidy_desktop.workspace import Workspace

    app = create_app()
    path = Path(db) if db else default_db_path()
    try:
        workspace = Workspace.open(path, actor="enterprise")
    except StoreError as exc:
        QMessageBox.critical(None, "无法打开数据库", f"{exc}\n\n数据库文件：{path}")
        return 2
    window = MainWindow(workspace)
    window.show()
    try:
        return app.exec()
    finally:
        workspace.close()
