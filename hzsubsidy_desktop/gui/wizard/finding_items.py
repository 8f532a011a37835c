"""The pieces of the 检查与导出 findings list: rows whose text wraps to the list's width, and the
explanation box typed right under an "explain to proceed" finding (saved with
``Workspace.explain`` when it loses the focus or on 保存说明, and printed on the form).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hzsubsidy_desktop.gui.qt import (
    QEvent,
    QHBoxLayout,
    QModelIndex,
    QObject,
    QPlainTextEdit,
    QPushButton,
    QRect,
    QSize,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTimer,
    QTreeWidget,
    QWidget,
)
from hzsubsidy_desktop.validation import Finding

if TYPE_CHECKING:
    from hzsubsidy_desktop.gui.wizard.review import ReviewPage


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped message (the tree would otherwise cut long messages)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        text = index.data()
        width = self.tree.header().sectionSize(index.column()) - 10
        if index.column() == 1 and isinstance(text, str) and text and width > 80:
            rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text)
            size.setHeight(max(size.height(), rect.height() + 6))
        return size


class ExplanationBox(QWidget):
    """The explanation of one explain-to-proceed finding, typed right under it."""

    def __init__(self, page: ReviewPage, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.finding = finding
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 2, 4, 6)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName(f"explain:{finding.key}")
        self.edit.setAccessibleName("说明：" + finding.message[:40])
        self.edit.setPlaceholderText("在此写明理由（将随申报表一并打印），写好后点“保存说明”。")
        self.edit.setTabChangesFocus(True)
        self.edit.setPlainText(page.session.explanation(finding.key))
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 3 + 14)
        layout.addWidget(self.edit, 1)
        self.button = QPushButton("保存说明", self)
        self.button.setObjectName(f"explainSave:{finding.key}")
        self.button.clicked.connect(self.save)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        self.edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            QTimer.singleShot(0, self.save)  # leaving the box saves it, like every other field
        return super().eventFilter(watched, event)

    @property
    def changed(self) -> bool:
        return self.edit.toPlainText().strip() != self.page.session.explanation(self.finding.key)

    def save(self) -> None:
        try:
            if not self.changed:
                return
        except RuntimeError:  # deleted while the deferred save was queued
            return
        if self.page.session.explain(self.finding.key, self.edit.toPlainText()):
            self.page.wizard.announce("说明已保存")
