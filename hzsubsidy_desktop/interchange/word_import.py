"""A hand-filled Word 附件3 and/or 附件4 turned into an application ready to be stored.

Every value is checked by the field's own rules (:mod:`values.field_types`); a value that does
not pass is left out and named in a finding, so the application is always storable and the clerk
sees exactly what is missing. ``sources`` maps each pointer to the table/row/cell (or paragraph)
it was read from; findings name the official label ("未能从 Word 中读出…"). Old binary formats
(.doc, .wps) are converted with LibreOffice first (:mod:`.word_convert`).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.formdef import FormDefinition, load_definition
from hzsubsidy_desktop.interchange import word_values as wv
from hzsubsidy_desktop.interchange.application_file import check_document
from hzsubsidy_desktop.interchange.safe_archive import SubmissionRejected
from hzsubsidy_desktop.interchange.word_attachment3 import read_attachment3
from hzsubsidy_desktop.interchange.word_attachment4 import read_attachment4
from hzsubsidy_desktop.interchange.word_form import Block, Reading, read_blocks
from hzsubsidy_desktop.values import amounts
from hzsubsidy_desktop.values.field_types import InputError, check_value, parse_input
from hzsubsidy_desktop.values.identity import name_key

WORD_SUFFIXES = (".docx",)
CONVERTED_SUFFIXES = (".doc", ".wps", ".dot", ".wpt", ".rtf", ".xls", ".et")
SHEET_SUFFIXES = (".xlsx",)
REFUSED_SUFFIXES = (".docm", ".dotm")
SOURCE_LABEL = "Word 手填"
ORIGIN = "word"
SHEET3, SHEET4 = "附件3", "附件4"


@dataclass(frozen=True)
class WordReading:
    """The application read from one Word file, with where each value came from."""

    definition: FormDefinition
    doc: dict[str, Any]
    sheets: tuple[str, ...]
    sources: dict[str, str] = field(default_factory=dict)
    findings: tuple[str, ...] = ()
    project_name: str = ""  # also from 附件4's title when 附件3 is absent
    filler: str = ""  # 附件4's 填报单位, else 承担单位名称
    support: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # 附件3 支持内容 as typed
    file: str = ""  # the file's name, as the clerk received it

    @property
    def complete(self) -> bool:
        return SHEET3 in self.sheets and SHEET4 in self.sheets


def read_word(path: Path, *, form_id: str | None = None) -> WordReading:
    """Read a .docx (or a converted .doc/.wps); raises :class:`SubmissionRejected`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in CONVERTED_SUFFIXES:
        from hzsubsidy_desktop.interchange.word_convert import converted_docx

        with tempfile.TemporaryDirectory(prefix="hzsubsidy-word-") as work:
            return _read_file(converted_docx(path, Path(work)), path.name, form_id)
    return _read_file(path, path.name, form_id)


def _read_file(path: Path, name: str, form_id: str | None) -> WordReading:
    if path.suffix.lower() in SHEET_SUFFIXES:
        from hzsubsidy_desktop.interchange.sheet_form import read_sheet_blocks

        return _read_blocks(read_sheet_blocks(path, shown_name=name), name, form_id)
    return _read_blocks(read_blocks(path, shown_name=name), name, form_id)


def _read_blocks(blocks: list[Block], name: str, form_id: str | None) -> WordReading:
    definition = load_definition(form_id) if form_id else load_definition()
    reading = Reading()
    has4 = read_attachment4(definition, blocks, reading)
    has3 = read_attachment3(definition, blocks, reading)
    if not (has3 or has4):
        raise SubmissionRejected(
            f"“{name}”不是附件3（重点项目信息表）或附件4（项目资金投入明细表）：找不到这两张表的表格"
            "（附件3 应有“承担单位名称”“社会信用代码”等栏目，附件4 应有“序号”“费用名称”“已开支费用”表头）。"
        )
    _cross_checks(definition, reading, has3, has4)
    if not has3:  # a lone 附件4: its title and 填报单位 name the project until 附件3 arrives
        for pointer, key in (("/project/name", "/sheet4/project_name"), ("/enterprise/name", "/sheet4/filler")):
            if reading.values.get(key):
                reading.put(pointer, reading.values[key], reading.sources[key])
    doc = docs.new_document(definition)
    doc["plan"] = []
    for pointer, value in reading.values.items():
        if pointer.startswith(("/sheet3/", "/sheet4/")):
            continue
        _put_checked(definition, doc, pointer, value, reading)
    try:
        definition, doc = check_document(doc)
    except FormatError as exc:  # pragma: no cover - every value passed its field's check
        raise SubmissionRejected(f"“{name}”中读出的内容无法保存：{exc}") from exc
    project = str(docs.get(doc, "/project/name") or reading.values.get("/sheet4/project_name") or "")
    filler = str(reading.values.get("/sheet4/filler") or docs.get(doc, "/enterprise/name") or "")
    support = dict(reading.values.get("/sheet3/support") or {})
    return WordReading(definition, doc, tuple(reading.sheets), dict(reading.sources), tuple(reading.findings),
                       project, filler, support, name)


def same_project_name(a: str, b: str) -> bool:
    """The same project (or enterprise) name written in two places: NFKC (bracket widths), invisible
    characters, case, spaces and a trailing 项目 aside."""
    def flat(text: str) -> str:  # the identity rules of every intake (values.identity), without spaces
        text = re.sub(r"[\s_＿]+", "", name_key(text))
        return text[:-2] if text.endswith("项目") else text

    return bool(a) and flat(a) == flat(b)


def _put_checked(definition: FormDefinition, doc: dict[str, Any], pointer: str, value: Any,
                 reading: Reading) -> None:
    if isinstance(value, list) and not definition.has_field(pointer):
        table = definition.table_at(pointer)
        rows = []
        for i, row in enumerate(value):
            clean: dict[str, Any] = {}
            for key, cell in row.items():
                col = table.column(key)
                ok = _checked(col, cell, f"{pointer}/{i}/{key}", reading, f"{table.title}第{i + 1}行的")
                if ok is not None:
                    clean[key] = ok
            rows.append(clean)
        docs.put(doc, pointer, rows)
        return
    f = definition.field(pointer)
    ok = _checked(f, value, pointer, reading)
    if ok is not None:
        docs.put(doc, pointer, ok)


def _checked(f: Any, value: Any, pointer: str, reading: Reading, prefix: str = "") -> Any:
    where = reading.sources.get(pointer, "")
    if f.type in ("text", "longtext", "phone", "credit_code") and isinstance(value, str):
        try:
            value = parse_input(f, value).value
        except InputError as exc:
            reading.find(f"未能从 Word 中读出{prefix}“{f.label}”：{exc.message}（{where}）。")
            return None
    problem = check_value(f, value)
    if problem:
        reading.find(f"未能从 Word 中读出{prefix}“{f.label}”：{problem}（{where}）。")
        return None
    return value


def _cross_checks(definition: FormDefinition, reading: Reading, has3: bool, has4: bool) -> None:
    values = reading.values
    if has3 and has4:
        title = values.get("/sheet4/project_name")
        name = values.get("/project/name")
        if title and name and not same_project_name(str(title), str(name)):
            reading.find(f"附件4 标题中的项目名称“{title}”与附件3 的项目名称“{name}”不一致，请核对。")
        filler, enterprise = values.get("/sheet4/filler"), values.get("/enterprise/name")
        if filler and enterprise and filler != enterprise:
            reading.find(f"附件4 的填报单位“{filler}”与附件3 的承担单位名称“{enterprise}”不一致，请核对。")
    typed = values.get("/sheet3/support") or {}
    if not has4 or not typed:
        return
    labels = {cat.key: cat.label for cat in definition.categories}
    for key, (spent, planned, where) in typed.items():
        rows = values.get(f"/expenditure/{key}", [])
        exp = definition.expenditure
        for raw, column in ((spent, exp.spent_column), (planned, exp.planned_column)):
            label = exp.short_label(column)
            try:
                number, _ = wv.amount(raw)
            except wv.WordValueError as exc:
                reading.find(f"附件3 支持内容“{labels[key]}”的{label}无法识别：{exc.message}（{where}）。")
                continue
            if number is None:
                continue
            total = sum((amounts.from_text(r.get(column)) or Decimal(0) for r in rows), Decimal(0))
            if Decimal(number) != total:
                reading.find(f"附件3 支持内容“{labels[key]}”的{label}手填为 {amounts.display(Decimal(number))} 万元，"
                             f"附件4 各项相加为 {amounts.display(total)} 万元，两者不一致（{where}）。")
