"""The 申报通知 selector of the 汇总 workspace, shown only when the database holds projects of
several notices: the list, review, 附件5 and the county package follow the notice chosen.
"""

from __future__ import annotations

from hzsubsidy_desktop.formdef import load_definition
from hzsubsidy_desktop.gui.county.list_tab import ALL_TYPES
from hzsubsidy_desktop.gui.operations import run_op
from hzsubsidy_desktop.gui.qt import Qt


class NoticeSelector:
    """Which notice the workspace lists (mixed into :class:`~.workspace.ClerkWorkspace`)."""

    # -- which notice -------------------------------------------------------------------------------
    def _sync_notices(self) -> bool:
        """Offer the notices of the imported projects when there are several; follow the imports
        when the listed notice has none of them. True when the notice was switched (and refreshed)."""
        outcome = run_op(self, self.workspace.notices_in, quiet=True)
        present = outcome.value if outcome.ok else ()
        self.notice_box.blockSignals(True)
        self.notice_box.clear()
        for form_id in present:
            self.notice_box.addItem(f"申报通知：{form_id}", form_id)
            self.notice_box.setItemData(self.notice_box.count() - 1, load_definition(form_id).title,
                                        Qt.ItemDataRole.ToolTipRole)
        self.notice_box.setCurrentIndex(max(0, self.notice_box.findData(self.definition.id)))
        self.notice_box.blockSignals(False)
        self.notice_box.setVisible(len(present) > 1)
        if present and self.definition.id not in present and not self._notice_chosen:
            self.set_notice(present[0])
            return True
        return False

    def _notice_picked(self, index: int) -> None:
        form_id = self.notice_box.itemData(index)
        if form_id and form_id != self.definition.id:
            self._notice_chosen = True
            self.set_notice(form_id)

    def set_notice(self, form_id: str) -> None:
        """List (and export) the projects of notice ``form_id``."""
        self.definition = load_definition(form_id)
        self.review.definition = self.definition
        self.loader.definition = self.definition
        self.project_model.set_definition(self.definition)
        self._column_widths()
        current = self.filter_type.currentData()
        self.filter_type.blockSignals(True)
        self.filter_type.clear()
        self.filter_type.addItem(ALL_TYPES, "")
        for choice in self.definition.field("/project/types").choices:
            self.filter_type.addItem(choice, choice)
        self.filter_type.setCurrentIndex(max(0, self.filter_type.findData(current)))
        self.filter_type.blockSignals(False)
        self.refresh()
