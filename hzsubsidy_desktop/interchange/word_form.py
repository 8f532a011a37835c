"""A Word file from outside (.docx) read into plain text blocks: body paragraphs and table grids.

The file is untrusted: before any XML is parsed the archive passes the same checks as a
submission file (:class:`SafeArchive`: size, member count, names, ratio), macros are refused
(``.docm``, ``vbaProject.bin``), and ``word/document.xml`` is parsed with defusedxml (no DTD, no
entities). Only the text is kept, with where it stood: paragraph number, table, row, cell.

A cell's text is its paragraphs joined by newlines; deleted text (tracked deletions, struck-through
runs) is left out, so an option "deleted" in Word is really gone; check-box symbols inserted
from the Wingdings fonts and checked content controls become ``☑``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeET

from hzsubsidy_desktop.interchange.safe_archive import Limits, SafeArchive, SubmissionRejected

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
WORD_LIMITS = Limits(archive_bytes=50 * 1024 * 1024, members=300, member_bytes=60 * 1024 * 1024,
                     json_bytes=1024 * 1024, total_bytes=200 * 1024 * 1024)
DOCUMENT = "word/document.xml"
MACRO_MEMBER = re.compile(r"(^|/)vbaProject\.bin$|(^|/)vbaData\.xml$", re.IGNORECASE)
CHECKED = "☑"
UNCHECKED = "☐"
# (font, char) of symbols inserted with Insert > Symbol; fonts compared in lower case
_SYMBOLS = {
    ("wingdings", "F0FE"): CHECKED, ("wingdings", "F0FD"): "☒", ("wingdings", "F0FC"): "✓",
    ("wingdings", "F0FB"): "✗", ("wingdings", "F0A8"): UNCHECKED, ("wingdings", "F06F"): UNCHECKED,
    ("wingdings", "F06E"): "■", ("wingdings", "F06C"): "●", ("wingdings", "F0A1"): "○",
    ("wingdings 2", "F052"): CHECKED, ("wingdings 2", "F051"): "☒", ("wingdings 2", "F050"): "✓",
    ("wingdings 2", "F0A3"): UNCHECKED, ("wingdings 2", "F02A"): UNCHECKED, ("wingdings 2", "F054"): "☒",
    ("symbol", "F0D6"): "√",
}


@dataclass(frozen=True)
class WordCell:
    text: str
    column: int  # first grid column (0-based)
    span: int
    merged_above: bool  # a vertical-merge continuation: its text belongs to the cell above
    row: int  # 0-based row in its table
    index: int  # 0-based cell in its row

    def where(self, table: int) -> str:
        return f"表格{table + 1} 第{self.row + 1}行 第{self.index + 1}格"


@dataclass
class WordTable:
    number: int  # 0-based among the document's tables
    rows: list[list[WordCell]] = field(default_factory=list)

    def cell_at(self, row: int, column: int) -> WordCell | None:
        for cell in self.rows[row]:
            if cell.column <= column < cell.column + cell.span:
                return cell
        return None


@dataclass(frozen=True)
class WordParagraph:
    text: str
    number: int  # 0-based among body paragraphs

    def where(self) -> str:
        return f"正文第{self.number + 1}段"


Block = WordParagraph | WordTable


def read_blocks(path: Path, *, shown_name: str | None = None) -> list[Block]:
    """The body of a .docx as paragraphs and tables in order; raises :class:`SubmissionRejected`."""
    name = shown_name or path.name
    if path.suffix.lower() in (".docm", ".dotm"):
        raise SubmissionRejected(f"“{name}”是启用宏的 Word 文件（{path.suffix}），可能含有宏代码，已拒收。请另存为 .docx 后再导入。")
    with SafeArchive(path, what="Word 文件（.docx）", limits=WORD_LIMITS) as archive:
        names = archive.names
        if any(MACRO_MEMBER.search(n) for n in names):
            raise SubmissionRejected(f"“{name}”含有宏代码（vbaProject.bin），已拒收。请另存为不含宏的 .docx 后再导入。")
        if DOCUMENT not in names:
            raise SubmissionRejected(f"“{name}”不是 Word 文件（.docx）：缺少正文 word/document.xml。")
        data = archive.read(DOCUMENT)
    try:
        root = SafeET.fromstring(data)
    except Exception as exc:  # defusedxml raises its own kinds for DTDs and entities; ParseError otherwise
        raise SubmissionRejected(f"“{name}”的正文已损坏或含有不允许的 XML 内容（DTD/实体），已拒收。") from exc
    body = root.find(f"{W}body")
    if body is None:
        raise SubmissionRejected(f"“{name}”不是 Word 文件（.docx）：正文为空。")
    blocks: list[Block] = []
    counter = {"p": 0, "t": 0}
    _walk(body, blocks, counter)
    return blocks


def _walk(parent: Any, blocks: list[Block], counter: dict[str, int]) -> None:
    for child in parent:
        if child.tag == f"{W}p":
            blocks.append(WordParagraph(paragraph_text(child), counter["p"]))
            counter["p"] += 1
        elif child.tag == f"{W}tbl":
            blocks.append(_table(child, counter["t"]))
            counter["t"] += 1
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if inner is not None:
                _walk(inner, blocks, counter)


def _table(tbl: Any, number: int) -> WordTable:
    table = WordTable(number)
    for r, tr in enumerate(_children(tbl, "tr")):
        column = 0
        props = tr.find(f"{W}trPr")
        if props is not None:
            before = props.find(f"{W}gridBefore")
            column = _int(before, 0) if before is not None else 0
        cells: list[WordCell] = []
        for i, tc in enumerate(_children(tr, "tc")):
            tcpr = tc.find(f"{W}tcPr")
            span, merged = 1, False
            if tcpr is not None:
                gs = tcpr.find(f"{W}gridSpan")
                span = max(1, min(_int(gs, 1), 64)) if gs is not None else 1
                vm = tcpr.find(f"{W}vMerge")
                merged = vm is not None and vm.get(f"{W}val", "continue") == "continue"
            text = "\n".join(paragraph_text(p) for p in _cell_paragraphs(tc))
            cells.append(WordCell(text, column, span, merged, r, i))
            column += span
        table.rows.append(cells)
    return table


def _children(parent: Any, tag: str) -> list[Any]:
    """Direct children named ``tag``, also inside content controls and custom XML wrappers."""
    out: list[Any] = []
    for child in parent:
        if child.tag == f"{W}{tag}":
            out.append(child)
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if inner is not None:
                out.extend(_children(inner, tag))
    return out


def _cell_paragraphs(tc: Any) -> list[Any]:
    out: list[Any] = []
    for child in tc:
        if child.tag == f"{W}p":
            out.append(child)
        elif child.tag == f"{W}tbl":  # a table inside a cell: its text, row by row
            for p in child.iter(f"{W}p"):
                out.append(p)
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if inner is not None:
                out.extend(_cell_paragraphs(inner))
    return out


def _int(element: Any, default: int) -> int:
    try:
        return int(element.get(f"{W}val", default))
    except (TypeError, ValueError):
        return default


def paragraph_text(p: Any) -> str:
    """A paragraph's visible text: runs (also inside insertions, hyperlinks, fields), tabs, breaks,
    check-box symbols; not deleted or struck-through text."""
    parts: list[str] = []
    _runs(p, parts)
    return "".join(parts)


def _runs(parent: Any, parts: list[str]) -> None:
    for child in parent:
        tag = child.tag
        if tag == f"{W}r":
            if _struck(child):
                continue
            for item in child:
                t = item.tag
                if t == f"{W}t":
                    parts.append(item.text or "")
                elif t == f"{W}tab":
                    parts.append("\t")
                elif t in (f"{W}br", f"{W}cr"):
                    parts.append("\n")
                elif t == f"{W}sym":
                    font = (item.get(f"{W}font") or "").lower()
                    char = (item.get(f"{W}char") or "").upper()
                    if len(char) == 2:
                        char = "F0" + char
                    parts.append(_SYMBOLS.get((font, char), ""))
        elif tag == f"{W}sdt":
            checkbox = child.find(f"{W}sdtPr/{W14}checkbox")
            content = child.find(f"{W}sdtContent")
            if checkbox is not None:
                checked = checkbox.find(f"{W14}checked")
                on = checked is not None and checked.get(f"{W14}val", "1") in ("1", "true")
                parts.append(CHECKED if on else UNCHECKED)
            elif content is not None:
                _runs(content, parts)
        elif tag in (f"{W}del", f"{W}moveFrom", f"{W}pPr", f"{W}rPr"):
            continue
        else:  # w:ins, w:hyperlink, w:smartTag, w:fldSimple, w:moveTo, …
            _runs(child, parts)


def _struck(run: Any) -> bool:
    rpr = run.find(f"{W}rPr")
    if rpr is None:
        return False
    for tag in ("strike", "dstrike"):
        el = rpr.find(f"{W}{tag}")
        if el is not None and el.get(f"{W}val", "true") not in ("0", "false", "off"):
            return True
    return False


_SPACE = re.compile(r"[\s\u3000\u00a0\u200b]+")
_FULL = str.maketrans({"(": "（", ")": "）", ":": "：", "\uff08": "（", "\uff09": "）"})


def norm(text: str) -> str:
    """Text compared as a label: no whitespace, full-width parentheses and colon."""
    return _SPACE.sub("", text).translate(_FULL)


@dataclass
class Reading:
    """What was read from one Word file: values by JSON Pointer, where each came from, findings."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # "附件3", "附件4"

    def put(self, pointer: str, value: Any, where: str) -> None:
        if value is None or value == "" or value == []:
            return
        self.values[pointer] = value
        self.sources[pointer] = where

    def find(self, message: str) -> None:
        if message not in self.findings:
            self.findings.append(message)
