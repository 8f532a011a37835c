"""帮助: the user guide shipped with the app (``resources/guide/index.html``, offline, shown in
a QTextBrowser) and 关于 (``ui/about.ui``)."""

from __future__ import annotations

import html
from pathlib import Path

from hzsubsidy_desktop import __version__
from hzsubsidy_desktop.gui.app import resource
from hzsubsidy_desktop.gui.designer import load_ui, part
from hzsubsidy_desktop.gui.dialogs import fit_to_screen
from hzsubsidy_desktop.gui.fonts import official_font_report
from hzsubsidy_desktop.gui.qt import (
    QDialog,
    QKeySequence,
    QLabel,
    QPushButton,
    QShortcut,
    Qt,
    QTextBrowser,
    QUrl,
    QVBoxLayout,
    QWidget,
)

GUIDE_SIZE = (860, 680)


def guide_file() -> Path:
    return resource("guide", "index.html")


class GuideWindow(QWidget):
    """The user guide in a window of its own (stays open beside the wizard)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("userGuide")
        self.setWindowTitle("用户指南")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideText")
        self.browser.setOpenExternalLinks(False)  # offline: only the guide's own anchors
        self.browser.setSearchPaths([str(guide_file().parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(guide_file())))
        layout.addWidget(self.browser)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, activated=self.close)
        fit_to_screen(self, *GUIDE_SIZE)


def fonts_table() -> str:
    """关于's lines on the official fonts: installed, or what this machine uses instead (looked up now)."""
    rows = "".join(
        f"<tr><td style='padding-right:12px'>{html.escape(official)}</td><td>{html.escape(used)}</td></tr>"
        for official, used in official_font_report()
    )
    return f"<table>{rows}</table>"


def about_dialog(parent: QWidget | None, database: Path | str, on_guide: object = None) -> QDialog:
    """关于, from ``ui/about.ui``: version, what the program does, the database file."""
    dialog = load_ui("about", parent)
    assert isinstance(dialog, QDialog)
    part(dialog, QLabel, "aboutVersion").setText(f"hzsubsidy {__version__}")
    part(dialog, QLabel, "aboutDatabase").setText(str(database))
    part(dialog, QLabel, "aboutFonts").setText(fonts_table())
    guide = part(dialog, QPushButton, "aboutGuide")
    if callable(on_guide):
        guide.clicked.connect(on_guide)
    else:
        guide.hide()
    fit_to_screen(dialog, dialog.width(), dialog.height())
    return dialog
