"""Form knowledge is data: in a copy of the definition, rename a 附件4 label and add a cost
category; the wizard grid, the support page, the Word and Excel exports and the validation
messages follow with no code change."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
from export_helpers import flat, row_texts, sheet3_rows, sheet4_tables
from gui_helpers import open_wizard
from notice_helpers import NEXT_ID, edit, install_notice
from openpyxl import load_workbook

from hzsubsidy_desktop.document import totals
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.export.docx_form import write_docx
from hzsubsidy_desktop.export.xlsx_form import write_xlsx
from hzsubsidy_desktop.formdef import DefinitionError, FormDefinition, load_definition, notices
from hzsubsidy_desktop.formdef.loader import load_folder
from hzsubsidy_desktop.validation import validate
from hzsubsidy_desktop.workspace import Workspace

RENAMED = "已支付费用"
NEW_LABEL = "境外推广费用"
NEW_CATEGORY = f'''
[[expenditure.category]]
key = "promotion"
label = "{NEW_LABEL}"
'''


@pytest.fixture
def changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FormDefinition:
    """Next year's notice, installed as data, with 已开支费用 renamed and a seventh category."""
    root = tmp_path / "forms"
    folder = install_notice(root)
    edit(folder, "attachment4.toml", 'label = "已开支费用"', f'label = "{RENAMED}"')
    edit(folder, "attachment4.toml", "[[expenditure.column]]", NEW_CATEGORY + "\n[[expenditure.column]]")
    edit(folder, "attachment4.toml", '["construction", "other"]]', '["construction", "other"], ["promotion"]]')
    monkeypatch.setenv(notices.FORMS_ENV, str(root))
    return load_definition(NEXT_ID)


@pytest.fixture
def doc(changed: FormDefinition) -> dict:
    doc = sample_application(changed)
    doc["expenditure"]["promotion"] = [{"name": "德国科隆家具展参展", "spent": "12", "planned": "6"},
                                       {"name": "海外社媒投放", "spent": "-3"}]
    return doc


def test_the_copy_has_the_new_category_and_label(changed):
    assert [c.label for c in changed.categories][-1] == NEW_LABEL
    assert changed.expenditure.column("spent").label == RENAMED
    assert changed.calculation("@spent_total").label == f"{RENAMED}合计"


def test_validation_messages_name_the_new_label_and_category(changed, doc):
    doc["project"]["period_investment"] = "100"
    messages = [f.message for f in validate(changed, doc).findings]
    assert f"“{NEW_LABEL}”第2行的“{RENAMED}”不能为负数。" in "\n".join(messages)
    assert any(m.startswith(f"附件4 {RENAMED}合计（") for m in messages)  # a rule on the calculated total


def test_totals_count_the_new_category(changed, doc):
    computed = totals.compute(changed, doc)
    assert computed.category("promotion").spent == Decimal(12) - 3
    assert computed.spent_total == totals.compute(load_definition(), sample_application()).spent_total + 9


def test_word_export_follows(changed, doc, tmp_path):
    path = tmp_path / "a.docx"
    write_docx(changed, doc, path, draft=True)
    document = docx.Document(str(path))
    sheet3 = sheet3_rows(document)
    sheet4 = [row for t in sheet4_tables(document) for row in row_texts(t)]  # 附件4 may continue in a page's table
    assert [flat(c) for c in sheet4[0]] == ["支持内容", "序号", "费用名称", RENAMED, "拟支出费用", "备注"]
    promotion = [r for r in sheet4 if flat(r[0]) == NEW_LABEL]
    assert promotion[0][1:] == ["1", "德国科隆家具展参展", "12.00", "6.00", ""]
    assert ["", "小计", "9.00", "6.00", ""] in sheet4
    support = next(r for r in sheet3 if any(flat(c) == f"{NEW_LABEL}（万元）" for c in r))
    assert [flat(c) for c in support][:3] == [f"{NEW_LABEL}（万元）", "9.00", "6.00"]


def test_excel_export_follows(changed, doc, tmp_path):
    path = tmp_path / "a.xlsx"
    write_xlsx(changed, doc, path, draft=True)
    book = load_workbook(path)
    ws = book["附件4"]
    assert [ws.cell(5, c).value for c in range(1, 7)] == ["支持内容", "序号", "费用名称", RENAMED, "拟支出费用", "备注"]
    labels = [ws.cell(r, 1).value for r in range(6, ws.max_row + 1)]
    assert NEW_LABEL in labels
    first = 6 + labels.index(NEW_LABEL)
    assert [ws.cell(first, c).value for c in (3, 4, 5)] == ["德国科隆家具展参展", 12, 6]
    sheet3 = book["附件3"]
    # the 支持内容 grid: label, 已开支, 拟支出 (formulas into 附件4), twice a row
    cells = [v for row in sheet3.iter_rows(values_only=True) for v in row if v is not None]
    at = cells.index(f"{NEW_LABEL}\n（万元）")
    assert cells[at + 1].startswith("='附件4'!D") and cells[at + 2].startswith("='附件4'!E")


def test_the_word_reader_follows(changed, doc, tmp_path):
    """The app's own Word export of the changed notice is read back by its labels, new category included."""
    from hzsubsidy_desktop.interchange.word_import import read_word

    del doc["expenditure"]["promotion"][1]  # a negative amount is not printed as typed
    path = tmp_path / "a.docx"
    write_docx(changed, doc, path)
    read = read_word(path, form_id=NEXT_ID).doc
    assert read["expenditure"]["promotion"] == [{"name": "德国科隆家具展参展", "spent": "12", "planned": "6"}]
    assert read["expenditure"]["equipment"] == doc["expenditure"]["equipment"]


@pytest.mark.gui
def test_wizard_grid_and_support_page_follow(qtbot, store, changed, doc):
    from hzsubsidy_desktop.gui.qt import Qt, QTableWidget
    from hzsubsidy_desktop.gui.widgets.expenditure import ExpenditureEditor

    app_id = Workspace(store).add_document(doc)
    wizard = open_wizard(qtbot, Workspace(store), app_id, "expenditure")
    grid = wizard.findChild(ExpenditureEditor).model
    headers = [grid.headerData(c, Qt.Orientation.Horizontal) for c in range(grid.columnCount())]
    assert headers == ["序号", "费用名称", f"{RENAMED}（万元）", "拟支出费用（万元）", "备注"]
    row = grid.category_row("promotion")
    assert grid.index(row, 0).data() == f"{NEW_LABEL}（小计）" and grid.index(row, 2).data() == "9.00"
    wizard.go_to_step("support")
    support = wizard.findChild(QTableWidget, "supportTable")
    assert support.rowCount() == len(changed.categories) + 1
    assert support.item(len(changed.categories) - 1, 0).text() == f"{NEW_LABEL}（万元）"


def test_a_category_left_out_of_the_support_grid_is_refused(tmp_path):
    folder = install_notice(tmp_path)
    edit(folder, "attachment4.toml", "[[expenditure.column]]", NEW_CATEGORY + "\n[[expenditure.column]]")
    with pytest.raises(DefinitionError, match=r"attachment4.toml: expenditure.support_rows: .*promotion not placed"):
        load_folder(folder)


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("calculated.toml", 'how = "sum"', 'how = "average"', "calculated related_costs: unknown how 'average'"),
        ("calculated.toml", 'field = "/project/types"', 'field = "/project/kinds"',
         "calculated project_types: no field '/project/kinds'"),
        ("calculated.toml", 'column = "spent"', 'column = "note"', "calculated spent_total: no 附件4 amount column"),
        ("rules.toml", 'right = "@related_costs"', 'right = "@related"', "no calculated value '@related'"),
        ("attachment5.toml", 'source = "@progress_percent"', 'source = "@progress"', "no calculated value '@progress'"),
        ("attachment5.toml", 'source = "county:county"', 'source = "county:district"', "no county field 'district'"),
        ("attachment4.toml", 'spent_column = "spent"', 'spent_column = "name"', "must be of type money"),
    ],
)
def test_unknown_names_are_refused_at_load(tmp_path, file, old, new, message):
    folder = install_notice(tmp_path)
    edit(folder, file, old, new)
    with pytest.raises(DefinitionError, match=message):
        load_folder(folder)
