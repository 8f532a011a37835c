"""Reading an application back from a workbook exported by hzsubsidy.

The workbook's very hidden sheet holds the application as JSON with its SHA-256 (see
:mod:`.xlsx_form`); the visible sheets are for people. Anything else — not a workbook, a
workbook from elsewhere, a damaged or edited copy — raises
:class:`~hzsubsidy_desktop.document.FormatError` with a Chinese message. The result has passed
:func:`interchange.check_document`. XML is parsed through defusedxml (openpyxl uses it when
installed), and the archive's size is checked before anything is unpacked.
"""

from __future__ import annotations

import hashlib
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.export import content as c
from hzsubsidy_desktop.export.xlsx_form import (
    DATA_MARKER,
    DATA_SHEET,
    DATA_VERSION,
    SHEET3_NAME,
    SHEET4_HEADER_ROW,
    SHEET4_NAME,
    build_workbook,
    sheet4_column,
)
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.interchange.application_file import check_document
from hzsubsidy_desktop.values import amounts

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_CHUNKS = 200


class ForeignWorkbook(FormatError):
    """A workbook not exported by hzsubsidy (it may still be a hand-filled 附件4, see :mod:`.sheet_form`)."""


def read_workbook(path: Path) -> dict[str, Any]:
    """The application document stored in an hzsubsidy .xlsx, or :class:`FormatError`."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise FormatError(f"找不到文件“{path}”。") from exc
    except OSError as exc:
        raise FormatError(f"无法读取文件“{name}”：{exc.strerror or exc}。") from exc
    if path.is_dir():
        raise FormatError(f"“{name}”是文件夹，不是 Excel 工作簿。")
    if size > MAX_FILE_BYTES:
        raise FormatError(f"文件“{name}”过大（{size // 1024 // 1024} MB），不是 hzsubsidy 导出的工作簿。")
    _check_archive(path)
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise FormatError(f"无法打开“{name}”：文件不是有效的 Excel 工作簿（.xlsx），或已损坏。") from exc
    try:
        if DATA_SHEET not in workbook.sheetnames:
            raise ForeignWorkbook(
                f"“{name}”不是 hzsubsidy 导出的工作簿（缺少内嵌的申报数据），无法导入。"
                "请导入由本程序导出的 .xlsx 或申报数据文件（.json）。"
            )
        doc = _embedded_document(workbook[DATA_SHEET], name)
        definition, canonical = check_document(doc)
        for sheet in (SHEET3_NAME, SHEET4_NAME):
            if sheet not in workbook.sheetnames:
                raise FormatError(
                    f"“{name}”缺少“{sheet}”工作表：企业看到并签字的内容无法核对，不能导入。"
                    "请让企业从 hzsubsidy 重新导出，或发送报送文件（.hzsub）。"
                )
        _check_visible_amounts(workbook[SHEET4_NAME], canonical, name)
        _check_visible_cells(workbook, definition, canonical, name)
    finally:
        workbook.close()
    return canonical


def _check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise FormatError(f"“{path.name}”不是 Excel 工作簿（.xlsx）。") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise FormatError(f"“{path.name}”解压后过大，不是 hzsubsidy 导出的工作簿。")


def _embedded_document(ws: Any, name: str) -> Any:
    damaged = f"“{name}”中的申报数据已损坏或被修改，无法导入。请重新从 hzsubsidy 导出。"
    marker, version, digest, count = (ws.cell(row=i, column=1).value for i in range(1, 5))
    if marker != DATA_MARKER:
        raise FormatError(damaged)
    if not isinstance(version, int) or version > DATA_VERSION:
        raise FormatError(f"“{name}”由更新版本的 hzsubsidy 导出，请升级本程序后再导入。")
    if not isinstance(count, int) or not 1 <= count <= MAX_CHUNKS or not isinstance(digest, str):
        raise FormatError(damaged)
    chunks = [ws.cell(row=5 + i, column=1).value for i in range(count)]
    if not all(isinstance(chunk, str) for chunk in chunks):
        raise FormatError(damaged)
    payload = "".join(chunks)
    if hashlib.sha256(payload.encode("utf-8")).hexdigest() != digest:
        raise FormatError(damaged)
    return docs.loads(payload)


def _check_visible_amounts(ws: Any, doc: dict[str, Any], name: str) -> None:
    """Refuse a workbook whose 附件4 items were changed in Excel: the edits would be lost silently."""
    from hzsubsidy_desktop.formdef import load_definition

    definition = load_definition(doc["form_id"])
    exp = definition.expenditure
    keys = (exp.name_column, exp.spent_column, exp.planned_column)
    columns = [sheet4_column(definition, key) for key in keys]
    row = SHEET4_HEADER_ROW + 1
    for cat in definition.categories:
        items = docs.get(doc, cat.table.path) or []
        for i, item in enumerate(items or [{}]):
            shown = [ws.cell(row=row, column=col).value for col in columns]
            expected = [c.text(item.get(keys[0])) or None, amounts.from_text(item.get(keys[1])),
                        amounts.from_text(item.get(keys[2]))]
            if not _same(shown, expected):
                where = f"{cat.label}第{i + 1}项" if items else cat.label
                raise FormatError(
                    f"“{name}”的“{SHEET4_NAME}”工作表中“{where}”与导出时不一致（可能在 Excel 中修改过）。"
                    "导入只读取导出时的申报数据，在 Excel 中的修改不会被导入：请在 hzsubsidy 中修改后重新导出。"
                )
            row += 1
        row += 1  # 小计


def _same(shown: list[Any], expected: list[Any]) -> bool:
    name, *numbers = shown
    exp_name, *exp_numbers = expected
    if (name or None) != exp_name:
        return False
    for value, want in zip(numbers, exp_numbers, strict=True):
        if value is None or value == "":
            if want is not None:
                return False
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            return False
        if want is None or abs(Decimal(str(value)) - want) > Decimal("0.00005"):
            return False
    return True


MAX_LISTED_DIFFERENCES = 8


def _check_visible_cells(workbook: Any, definition: FormDefinition, doc: dict[str, Any], name: str) -> None:
    """Refuse a workbook whose visible 附件3 / 附件4 cells differ from what its hidden copy produces: the
    visible cells are what the enterprise saw and signed, the hidden copy is what would be imported."""
    draft = (workbook.properties.keywords or "") == c.DRAFT_MARK
    expected = build_workbook(definition, doc, draft=draft)
    differences: list[str] = []
    for sheet in (SHEET3_NAME, SHEET4_NAME):
        differences.extend(_sheet_differences(sheet, expected[sheet], workbook[sheet]))
    if differences:
        listed = "；".join(differences[:MAX_LISTED_DIFFERENCES])
        more = f"；另有 {len(differences) - MAX_LISTED_DIFFERENCES} 处" if len(differences) > MAX_LISTED_DIFFERENCES else ""
        raise FormatError(
            f"“{name}”中可见的单元格与内嵌的申报数据不一致（{len(differences)} 处，可能在 Excel 中修改过）：{listed}{more}。"
            "企业看到的内容与将导入的内容不同，不能导入：请核对后让企业在 hzsubsidy 中修改并重新导出。"
        )


def _sheet_differences(sheet: str, expected: Any, shown: Any) -> list[str]:
    out = []
    rows = max(expected.max_row, shown.max_row)
    columns = max(expected.max_column, shown.max_column)
    for row in range(1, rows + 1):
        label = expected.cell(row=row, column=1).value
        for column in range(1, columns + 1):
            want = expected.cell(row=row, column=column).value
            if isinstance(want, str) and want.startswith("="):
                continue  # a formula: Excel computes it (and may have cached a value)
            got = shown.cell(row=row, column=column).value
            if not _same_cell(want, got):
                where = expected.cell(row=row, column=column).coordinate
                about = f"（{str(label)[:20]}）" if isinstance(label, str) and column > 1 else ""
                out.append(f"{sheet} {where}{about}：导出时为“{_shown(want)}”，现为“{_shown(got)}”")
    return out


def _same_cell(want: Any, got: Any) -> bool:
    if want in (None, "") or got in (None, ""):
        return want in (None, "") and got in (None, "")
    numeric = (int, float, Decimal)
    if isinstance(want, numeric) and not isinstance(want, bool):
        if isinstance(got, bool) or not isinstance(got, numeric):
            return False
        return abs(Decimal(str(got)) - Decimal(str(want))) <= Decimal("0.00005")
    return str(want).strip() == str(got).strip()


def _shown(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 30 else text[:30] + "…"
