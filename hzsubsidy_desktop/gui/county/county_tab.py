"""The 县级信息与附件2 tab of the 汇总 workspace: the county settings and the 附件2 申报表 values.
"""

from __future__ import annotations

from hzsubsidy_desktop import county
from hzsubsidy_desktop.gui.county.forms import FieldForm
from hzsubsidy_desktop.gui.designer import load_ui, part
from hzsubsidy_desktop.gui.qt import QGroupBox, QLabel, QWidget


class CountyTab:
    """The 县级信息与附件2 tab (mixed into :class:`~.workspace.ClerkWorkspace`)."""

    def _build_settings_tab(self) -> QWidget:
        scroll = load_ui("county_settings", self)  # drawn in Qt Designer: ui/county_settings.ui
        county_group = part(scroll, QGroupBox, "countySettings")
        self.county_form = FieldForm(
            county.county_fields(), self.workspace.county_settings(), self.workspace.set_county_settings, county_group,
        )
        self.county_form.setObjectName("countyForm")
        self.county_form.saved.connect(self._county_saved)
        county_group.layout().insertWidget(0, self.county_form)

        spec = self.definition.declaration
        declaration = part(scroll, QGroupBox, "declarationGroup")
        declaration.setTitle(f"附件2 {spec.title}")
        part(scroll, QLabel, "declarationSubtitle").setText(spec.subtitle + " " + spec.notice)
        notes = {
            "region": "留空则使用县级信息中的设区市和县（市、区）。",
            "contact_person": "留空则使用县级信息中的联系人。",
            "contact_phone": "留空则使用县级信息中的联系电话。",
        }
        self.declaration_form = FieldForm(
            spec.fields, self.workspace.declaration_values(self.definition),
            lambda values: self.workspace.set_declaration(values, self.definition), declaration,
            notes=notes,
        )
        self.declaration_form.setObjectName("declarationForm")
        declaration.layout().addWidget(self.declaration_form)
        return scroll

    # == settings ==================================================================================
    def _county_saved(self, _key: str) -> None:
        self.declaration_form.load(self.workspace.declaration_values(self.definition))
        self._refresh_timer.start()  # 设区市 / 县 appear in the table
