"""The wizard's step list: each step drawn with its number and title, then a red count of what
blocks and an amber count of hints (item data roles below).
"""

from __future__ import annotations

from hzsubsidy_desktop.gui.qt import (
    QApplication,
    QColor,
    QFont,
    QPainter,
    QPalette,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
)

COUNTS_ROLE = Qt.ItemDataRole.UserRole + 2
KEY_ROLE = Qt.ItemDataRole.UserRole + 3


class StepDelegate(QStyledItemDelegate):
    """Draws a step: number and title, then a red count of what blocks and an amber count of hints."""

    padding = 18  # pixels above and below the text; less in a compact wizard, so all steps show

    def sizeHint(self, option: QStyleOptionViewItem, index: object) -> QSize:  # noqa: N802
        return QSize(100, option.fontMetrics.height() + self.padding)  # as wide as the list: never a scrollbar

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: object) -> None:
        painter.save()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        rect = opt.rect.adjusted(10, 0, -8, 0)
        blocking, other = index.data(COUNTS_ROLE) or (0, 0)
        fm = opt.fontMetrics
        badges: list[tuple[str, QColor]] = []
        if blocking:
            badges.append((str(blocking), QColor("#c62828")))
        if other:
            badges.append((str(other), QColor("#e09b00")))
        x = rect.right()
        for label, color in reversed(badges):
            width = max(fm.horizontalAdvance(label) + 12, fm.height() + 2)
            badge = QRect(x - width, rect.center().y() - fm.height() // 2 - 1, width, fm.height() + 2)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
            x -= width + 4
        if not badges and index.data(KEY_ROLE) != "review":
            painter.setPen(QColor("#2e7d32") if not selected else opt.palette.color(QPalette.ColorRole.HighlightedText))
            painter.drawText(QRect(x - 20, rect.top(), 20, rect.height()), Qt.AlignmentFlag.AlignCenter, "✓")
            x -= 24
        painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        font = QFont(opt.font)
        if selected:
            font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRect(rect.left(), rect.top(), x - rect.left() - 4, rect.height()),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        painter.restore()
