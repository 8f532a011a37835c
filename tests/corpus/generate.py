"""The hostile-input corpus: damaged and malicious files a user or a county clerk may be handed.

No generated file is committed: this script writes the corpus into a folder, made from a genuine
submission and workbook that the app itself produces. Run it as::

    python tests/corpus/generate.py OUT_DIR

Layout of OUT_DIR: ``json/`` application files (for ``hzsubsidy validate`` / ``add``), ``hzsub/``
submission files, ``xlsx/`` workbooks (both for ``hzsubsidy import``), ``county/`` county
packages, and ``accepted/`` files that are valid despite looking odd (formula strings, control
characters). Beside every file, ``<file>.expect.json`` records the case: the command to run
(``{file}``, ``{db}`` and ``{out}`` stand for the file, a database and an output folder), the
expected exit code, and a Chinese phrase the user must see. :func:`load_cases` reads them back.

The same application-JSON cases (wrong types, NaN / Inf / negative / 30-digit amounts, 1 MB
texts, lone surrogates…) are written three ways: as a plain .json, inside a .hzsub with the
manifest's hashes recomputed, and inside an hzsubsidy .xlsx with the embedded copy re-hashed, so
each reader meets them past its integrity checks.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import struct
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # run as a script: make tests/hostile_files.py importable
    sys.path.insert(0, str(HERE.parent))

import hostile_files as hostile  # noqa: E402

VALIDATE = ("validate", "{file}")
ADD = ("add", "--db", "{db}", "{file}")
IMPORT = ("import", "--db", "{db}", "{file}")
EXPORT = ("export", "{file}", "--out", "{out}")
EXPECT_SUFFIX = ".expect.json"


@dataclass(frozen=True)
class Case:
    """One corpus file and what the command line must do with it."""

    name: str
    file: str  # relative to the corpus folder
    command: tuple[str, ...]
    exit_code: int
    message: str  # Chinese phrase in the output (for import: in the file's own line)
    description: str
    accepted: bool = False  # valid input: the command succeeds and the file's content is stored
    also: tuple[tuple[str, ...], ...] = field(default=())  # further commands with the same exit code

    def args(self, root: Path, *, db: Path | None = None, out: Path | None = None) -> list[str]:
        return [_fill(a, root / self.file, db, out) for a in self.command]


def _fill(arg: str, file: Path, db: Path | None, out: Path | None) -> str:
    return arg.replace("{file}", str(file)).replace("{db}", str(db)).replace("{out}", str(out))


# -- application JSON cases ---------------------------------------------------------------------
Mutation = Callable[[dict[str, Any]], Any]


def _set(pointer: str, value: Any) -> Mutation:
    def change(doc: dict[str, Any]) -> dict[str, Any]:
        *parents, last = pointer.strip("/").split("/")
        node: Any = doc
        for token in parents:
            node = node[int(token)] if isinstance(node, list) else node[token]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
        return doc
    return change


def _every_text(transform: Callable[[str], str]) -> Mutation:
    """Apply ``transform`` to every text and long-text field, table cells included."""
    def change(doc: dict[str, Any]) -> dict[str, Any]:
        from hzsubsidy_desktop import document as docs
        from hzsubsidy_desktop.formdef import load_definition

        for f in load_definition().all_fields():
            if f.type not in ("text", "longtext"):
                continue
            if "/*/" in f.path:
                table, _, column = f.path.rpartition("/*/")
                for row in docs.get(doc, table) or []:
                    if isinstance(row.get(column), str):
                        row[column] = transform(row[column])
            elif isinstance(docs.get(doc, f.path), str):
                docs.put(doc, f.path, transform(docs.get(doc, f.path)))
        return doc
    return change


def _control_characters() -> Callable[[str], str]:
    """Three control characters into each text, in turn, so that every one of them occurs."""
    count = itertools.count()

    def insert(text: str) -> str:
        start = 3 * next(count) % len(CONTROL)
        return text[:2] + (CONTROL * 2)[start:start + 3] + text[2:]
    return insert


def _raw(text: str) -> Callable[[dict[str, Any]], bytes]:
    return lambda _doc: text.encode("utf-8")


def _sample_with(marker: str, literal: str) -> Callable[[dict[str, Any]], bytes]:
    """The sample with ``"<marker>"`` replaced by a bare JSON literal (NaN, Infinity, huge numbers)."""
    def build(doc: dict[str, Any]) -> bytes:
        doc["project"]["total_investment"] = marker
        return json.dumps(doc, ensure_ascii=False).replace(f'"{marker}"', literal).encode("utf-8")
    return build


@dataclass(frozen=True)
class JsonCase:
    name: str
    make: Callable[[dict[str, Any]], Any]  # the sample → a changed document, or bytes
    message: str  # what ``validate`` prints (the .hzsub / .xlsx lines say the same)
    description: str
    carriers: tuple[str, ...] = ("json", "hzsub", "xlsx")


CONTROL = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)) + "\ufffe\uffff"
FORMULAS = ("=1+1", "+1+1", "-1+1", "@SUM(A1:A3)", '=HYPERLINK("http://example.invalid","点此")', "=cmd|' /C calc'!A0")
MB_TEXT = "跨境电商" * 262_144  # 1,048,576 characters

JSON_CASES: tuple[JsonCase, ...] = (
    JsonCase("not-json", _raw("{不是 JSON"), "不是有效的 JSON", "truncated JSON text", ("json", "hzsub", "xlsx")),
    JsonCase("not-utf8", lambda doc: json.dumps(doc, ensure_ascii=False).encode("gbk"), "不是 UTF-8 编码",
             "the application saved in GBK", ("json", "hzsub")),
    JsonCase("top-level-array", _raw("[1, 2, 3]"), "JSON 对象", "a JSON array instead of an object"),
    JsonCase("top-level-string", _raw('"申报"'), "JSON 对象", "a JSON string instead of an object"),
    JsonCase("deep-nesting", _raw("[" * 200_000 + "]" * 200_000), "嵌套层数过多", "200,000 nested arrays"),
    JsonCase("newer-format", _set("/format_version", 99), "请升级", "format_version 99 (from a newer app)"),
    JsonCase("format-version-text", _set("/format_version", "1"), "格式版本", "format_version as a string"),
    JsonCase("unknown-form", _set("/form_id", "zj-cbec-2099"), "不认识的申报表单", "a form this app does not know"),
    JsonCase("unknown-form-escape-sequence", _set("/form_id", "\x1b]0;已导入\x07\x1b[2J\r"), "不认识的申报表单",
             "a form id of terminal escape sequences (clear screen, window title)"),
    JsonCase("amount-nan-literal", _sample_with("@@", "NaN"), "不允许的数值 NaN", "total investment NaN (bare)"),
    JsonCase("amount-infinity-literal", _sample_with("@@", "Infinity"), "不允许的数值 Infinity",
             "total investment Infinity (bare)"),
    JsonCase("amount-minus-infinity-literal", _sample_with("@@", "-Infinity"), "不允许的数值 -Infinity",
             "total investment -Infinity (bare)"),
    JsonCase("amount-overflow-number", _sample_with("@@", "1e400"), "总投资", "1e400: a float that is infinite"),
    JsonCase("amount-nan-text", _set("/project/total_investment", "NaN"), "总投资", "total investment \"NaN\""),
    JsonCase("amount-inf-text", _set("/project/total_investment", "Infinity"), "总投资", "total investment \"Infinity\""),
    JsonCase("amount-negative", _set("/expenditure/equipment/0/spent", "-85"), "已开支费用",
             "a negative spent amount"),
    JsonCase("amount-30-digits", _set("/project/total_investment", "1" * 30), "总投资",
             "a 30-digit total investment"),
    JsonCase("amount-30-digit-number", _sample_with("@@", "1" * 30), "总投资", "a 30-digit JSON number"),
    JsonCase("amount-as-number", _set("/project/total_investment", 600), "总投资", "600 as a number, not text"),
    JsonCase("group-as-list", _set("/enterprise", ["浙江竹韵家居科技有限公司"]), "单位", "the enterprise group as a list"),
    JsonCase("table-as-object", _set("/plan", {"0": {}}), "计划", "the plan table as an object"),
    JsonCase("row-as-text", _set("/expenditure/equipment", ["展示货架"]), "设备购置费用", "a cost row as text"),
    JsonCase("boolean-as-text", _set("/undertakings/policy", "是"), "本项目未违反国家产业政策", "an undertaking as \"是\""),
    JsonCase("choices-as-text", _set("/project/types", "跨境电商公共服务中心"), "项目类型", "project types as text"),
    JsonCase("integer-as-text", _set("/conditions/suppliers", "86"), "供应商", "a count as text"),
    JsonCase("text-as-number", _set("/project/name", 12345), "项目名称", "the project name as a number"),
    JsonCase("unknown-field", _set("/project/secret", "x"), "不认识的项目", "a field the form does not have"),
    JsonCase("explanation-as-object", _set("/explanations", {"a@/project/name": {"x": 1}}), "（/explanations/a@~1project~1name）的值格式不正确",
             "an explanation that is an object"),
    JsonCase("text-1mb-name", _set("/project/name", MB_TEXT), "项目名称", "a 1 MB project name"),
    JsonCase("text-1mb-longtext", _set("/narrative/overview", MB_TEXT), "超出长度", "a 1 MB 项目概况"),
    JsonCase("text-1mb-cost-note", _set("/expenditure/software/0/note", MB_TEXT), "备注", "a 1 MB note in 附件4"),
    JsonCase("too-large", _raw(" " * (21 * 1024 * 1024) + "{}"), "过大", "21 MB: more than any application",
             ("json",)),
    JsonCase("lone-surrogate", _raw('{"format_version": 1, "form_id": "zj-cbec-2024", "project": {"name": "\\ud800"}}'),
             "无效的字符", "a lone UTF-16 surrogate escape in the project name"),
    JsonCase("integer-5000-digits", _sample_with("@@", "9" * 5000), "位的整数",
             "a 5,000-digit JSON integer (over Python's 4,300-digit conversion limit)"),
    JsonCase("duplicate-key", lambda doc: json.dumps(doc, ensure_ascii=False).replace(
        '"form_id"', '"form_id": "zj-cbec-2024", "form_id"', 1).encode("utf-8"), "出现了两次",
             "the key form_id twice in one object (readers disagree on which counts)"),
    JsonCase("credit-code-cyrillic", _set("/enterprise/credit_code", "91330523МА2B7Q5K57"), "西里尔字母“М”",
             "Cyrillic М and А in the credit code: looks the same, is another enterprise", ("hzsub",)),
)

ACCEPTED_JSON = (
    JsonCase("formula-texts", _every_text(lambda t: FORMULAS[len(t) % len(FORMULAS)] + t), "已导入",
             "every text begins with = + - or @"),
    JsonCase("control-characters", _every_text(_control_characters()), "已导入",
             "every text holds three control characters; all C0 controls, DEL, U+FFFE and U+FFFF occur"),
)


# also tried with ``hzsubsidy add`` (which must leave the database alone)
ADD_TOO = {"not-json", "deep-nesting", "amount-nan-literal", "text-1mb-name", "lone-surrogate", "too-large",
           "integer-5000-digits", "duplicate-key",
           "unknown-form-escape-sequence"}


def _apply(case: JsonCase) -> bytes:
    from hzsubsidy_desktop.document.sample import sample_application

    result = case.make(sample_application())
    if isinstance(result, bytes):
        return result
    return json.dumps(result, ensure_ascii=False, indent=2).encode("utf-8")


# -- carriers --------------------------------------------------------------------------------------
def _agree(data: bytes) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The manifest made to agree with the application's credit code and name (when it has them)."""
    def change(manifest: dict[str, Any]) -> dict[str, Any]:
        try:
            doc = json.loads(data)
        except (ValueError, RecursionError):
            return manifest
        if isinstance(doc, dict):
            for key, group, field_key in (("credit_code", "enterprise", "credit_code"), ("project_name", "project", "name")):
                value = doc.get(group, {}).get(field_key) if isinstance(doc.get(group), dict) else None
                if isinstance(value, str) and not re.search("[\ud800-\udfff]", value):
                    manifest[key] = value
        return manifest
    return change


def hzsub_with_application(genuine: Path, dst: Path, data: bytes) -> Path:
    """A genuine submission whose application.json is ``data``, hashes and manifest made to match.

    Stored uncompressed, so that a long repetitive text meets the JSON checks rather than the
    compression-ratio guard."""
    manifest, members = hostile.read_members(genuine)
    members[hostile.APPLICATION] = data
    return hostile.build(dst, _agree(data)(manifest), members, compression=zipfile.ZIP_STORED)


def central_directory(data: bytes) -> int:
    """Offset of the archive's own central directory (a stored .docx inside has one too)."""
    end = data.rfind(b"PK\x05\x06")
    return struct.unpack("<I", data[end + 16: end + 20])[0]


def zip_version(genuine: Path, dst: Path) -> Path:
    """The first directory entry asks for zip version 25.5 to extract (Python's zipfile refuses it)."""
    data = bytearray(genuine.read_bytes())
    cd = central_directory(bytes(data))
    data[cd + 6: cd + 8] = b"\xff\xff"
    dst.write_bytes(bytes(data))
    return dst


def member_name_not_utf8(genuine: Path, dst: Path) -> Path:
    """The exported documents' Chinese member names made invalid UTF-8 (the UTF-8 flag still set)."""
    data = genuine.read_bytes()
    with zipfile.ZipFile(genuine) as archive:
        names = [n.encode("utf-8") for n in archive.namelist() if not n.isascii()]
    for name in names:
        data = data.replace(name, b"\xff" + name[1:])
    dst.write_bytes(data)
    return dst


def _workbook_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write_zip(dst: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return dst


def xlsx_with_payload(genuine: Path, dst: Path, payload: str, *, version: int | None = None,
                      digest: str | None = None) -> Path:
    """A genuine hzsubsidy workbook whose embedded application is ``payload`` (re-hashed)."""
    from openpyxl import load_workbook

    from hzsubsidy_desktop.export.xlsx_form import CHUNK_CHARS, DATA_MARKER, DATA_SHEET, DATA_VERSION

    workbook = load_workbook(genuine)
    ws = workbook[DATA_SHEET]
    ws.delete_rows(1, ws.max_row)
    chunks = [payload[i:i + CHUNK_CHARS] for i in range(0, len(payload), CHUNK_CHARS)] or [""]
    head = [DATA_MARKER, DATA_VERSION if version is None else version,
            digest or hashlib.sha256(payload.encode("utf-8")).hexdigest(), len(chunks)]
    for row, value in enumerate([*head, *chunks], start=1):
        cell = ws.cell(row=row, column=1, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
    workbook.save(dst)
    return dst


# billion laughs: 10^9 "lol"s (3 GB) from a few hundred bytes of DTD
_LAUGHS = "<!DOCTYPE {root} [<!ENTITY lol \"lol\">" + "".join(
    f"<!ENTITY lol{i} \"{('&lol' + (str(i - 1) if i > 1 else '') + ';') * 10}\">" for i in range(1, 10)
) + "]>"
_EXTERNAL = "<!DOCTYPE {root} [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"


def _with_dtd(xml: bytes, root: str, dtd: str, replace: tuple[str, str]) -> bytes:
    text = xml.decode("utf-8")
    text = re.sub(r"^<\?xml[^>]*\?>", "", text)
    text = text.replace(f"<{root}", dtd.format(root=root) + f"<{root}", 1)
    pattern, repl = replace
    text, count = re.subn(pattern, repl, text, count=1)
    assert count == 1, (root, pattern)
    return text.encode("utf-8")


def xml_bomb(genuine: Path, dst: Path, where: str) -> Path:
    """Billion laughs (or an external entity) inside the workbook's XML."""
    members = _workbook_members(genuine)
    sheet = "xl/worksheets/sheet1.xml"
    if where == "sheet":
        members[sheet] = _with_dtd(members[sheet], "worksheet", _LAUGHS, (r"<t>[^<]*</t>", "<t>&lol9;</t>"))
    elif where == "data-sheet":
        data = "xl/worksheets/sheet3.xml"
        members[data] = _with_dtd(members[data], "worksheet", _LAUGHS, (r"<t>[^<]*</t>", "<t>&lol9;</t>"))
    elif where == "external-entity":
        members[sheet] = _with_dtd(members[sheet], "worksheet", _EXTERNAL, (r"<t>[^<]*</t>", "<t>&xxe;</t>"))
    elif where == "workbook":
        members["xl/workbook.xml"] = _with_dtd(
            members["xl/workbook.xml"], "workbook", _LAUGHS, (r'name="hzsubsidy"', 'name="&lol9;"'))
    elif where == "shared-strings":
        ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        members["xl/sharedStrings.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>' + _LAUGHS.format(root="sst")
            + f'<sst xmlns="{ns}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
        ).encode("utf-8")
        rels = members["xl/_rels/workbook.xml.rels"].decode("utf-8")
        members["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", (
            '<Relationship Id="rIdS" Target="sharedStrings.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
            "</Relationships>")).encode("utf-8")
        types = members["[Content_Types].xml"].decode("utf-8")
        members["[Content_Types].xml"] = types.replace("</Types>", (
            '<Override PartName="/xl/sharedStrings.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        )).encode("utf-8")
        # a cell of the first sheet refers to the bombed string
        members[sheet] = re.sub(rb'<c r="A1"([^>]*?) t="inlineStr"([^>]*)><is><t>[^<]*</t></is></c>',
                                rb'<c r="A1"\1 t="s"\2><v>0</v></c>', members[sheet], count=1)
    else:
        raise ValueError(where)
    return _write_zip(dst, members)


def xlsx_zip_bomb(genuine: Path, dst: Path, megabytes: int = 210) -> Path:
    """A workbook with an extra part of zeros that unpacks past the 200 MB limit."""
    members = _workbook_members(genuine)
    members["xl/media/padding.bin"] = bytes(megabytes * 1024 * 1024)
    return _write_zip(dst, members)


def xlsx_visible_edit(genuine: Path, dst: Path) -> Path:
    """The 附件4 sheet changed in Excel after export (the embedded copy no longer agrees)."""
    from openpyxl import load_workbook

    from hzsubsidy_desktop.export.xlsx_form import SHEET4_HEADER_ROW, SHEET4_NAME

    workbook = load_workbook(genuine)
    ws = workbook[SHEET4_NAME]
    ws.cell(row=SHEET4_HEADER_ROW + 1, column=4, value=999)
    workbook.save(dst)
    return dst


def xlsx_sheet3_edit(genuine: Path, dst: Path) -> Path:
    """The project name on the visible 附件3 sheet changed in Excel; the hidden copy keeps the old one."""
    from openpyxl import load_workbook

    workbook = load_workbook(genuine)
    ws = workbook["附件3"]
    for row in range(1, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == "项目名称":
            ws.cell(row=row, column=2, value="另一家企业的项目")
    workbook.save(dst)
    return dst


def xlsx_without_sheet4(genuine: Path, dst: Path) -> Path:
    from openpyxl import load_workbook

    from hzsubsidy_desktop.export.xlsx_form import SHEET4_NAME

    workbook = load_workbook(genuine)
    del workbook[SHEET4_NAME]
    workbook.save(dst)
    return dst


def county_package_with(genuine_hzsub: Path, work: Path, dst: Path, change: Callable[[str], str]) -> Path:
    """A genuine county package (one application) whose manifest text is changed by ``change``."""
    from hzsubsidy_desktop.county import import_files, pack_county
    from hzsubsidy_desktop.store import Store

    with Store(work / f"{dst.stem}.sqlite3") as store:
        import_files(store, [genuine_hzsub])
        pack = pack_county(store, work / dst.stem)
    manifest, members = hostile.read_members(pack)
    text = change(json.dumps(manifest, ensure_ascii=False))
    return hostile.build(dst, text.encode("utf-8"), members)


_DECISION = ('{"decision": "both", "pair_submission_id": "0123456789abcdef", "pair_credit_code": "91330523MA2B7Q5K57", '
             '"pair_project_name": "项目", "county": "安吉县", "decided_at": "2026-11-30T10:00:00+08:00"}')
_PAPER = '{"at": "2026-11-30T10:00:00+08:00", "summary": "共 1 页：1 页与导入版本一致。", "all_match": true, "lines": []}'
TRAVEL_CASES = (  # (name, what the application entry gains, phrase of the refusal, description)
    ("decision-not-a-list", '"duplicate_decisions": {"decision": "both"}', "疑似重复的决定（duplicate_decisions）不是列表",
     "a county's duplicate decisions that are an object, not a list"),
    ("decision-unknown", '"duplicate_decisions": [' + _DECISION.replace('"both"', '"maybe"') + "]",
     "第1项的决定（decision）应为 both（都保留）或 kept（只保留一份），收到“maybe”",
     "a duplicate decision that is neither 'both kept' nor 'one kept'"),
    ("decision-pair-id", '"duplicate_decisions": [' + _DECISION.replace("0123456789abcdef", "../../x") + "]",
     "对方报送编号（pair_submission_id）应为 8–64 位字母、数字或“-”", "a decision naming its pair by a path"),
    ("decision-time-missing", '"duplicate_decisions": [' + _DECISION.replace('"decided_at"', '"decided"') + "]",
     "第1项的决定时间（decided_at）不是文字", "a decision without the time it was made"),
    ("decision-many", '"duplicate_decisions": [' + ", ".join([_DECISION] * 51) + "]", "超过 50 项",
     "51 decisions on one application"),
    ("paper-not-an-object", '"paper_check": "一致"', "纸质件核对结果（paper_check）不是对象", "a paper check that is text"),
    ("paper-all-match-text", '"paper_check": ' + _PAPER.replace("true", '"yes"'), "“是否全部一致”（all_match）应为 true 或 false",
     "a paper check whose verdict is the text 'yes'"),
    ("paper-line-number", '"paper_check": ' + _PAPER.replace('"lines": []', '"lines": [1]'), "的第1行（lines）不是文字",
     "a paper check with a number among its page lines"),
    ("paper-revision-text", '"paper_check": ' + _PAPER.replace('"lines": []', '"lines": [], "revision": "2"'),
     "的版本号（revision）应为 0 至 1000000 的整数", "a paper check whose revision is text"),
    ("paper-summary-long", '"paper_check": ' + _PAPER.replace("共 1 页：1 页与导入版本一致。", "很" * 301),
     "的结论（summary）超过 300 字", "a paper check whose summary is 301 characters"),
)


def _travel_cases(genuine_hzsub: Path, work: Path) -> list[tuple[str, Callable[[Path], Path], str, str]]:
    """County packages whose application entry carries a malformed duplicate decision or paper check."""
    def builder(extra: str) -> Callable[[Path], Path]:
        return lambda d: county_package_with(
            genuine_hzsub, work, d, lambda t: t.replace('"review_date": ""', '"review_date": "", ' + extra, 1))

    return [(name, builder(extra), phrase, description) for name, extra, phrase, description in TRAVEL_CASES]


_REMOVAL = ('{"submission_id": "0123456789abcdef", "credit_code": "91330523MA2B7Q5K57", "project_name": "项目", '
            '"city": "湖州市", "county": "安吉县", "reason": "deleted", "removed_at": "2026-11-30T10:00:00+08:00"}')
REMOVAL_CASES = (  # (name, the manifest's removed list, phrase of the refusal, description)
    ("removed-not-a-list", '{"submission_id": "0123456789abcdef"}', "（removed）不是列表",
     "a county's list of removed applications that is an object"),
    ("removed-id-path", "[" + _REMOVAL.replace("0123456789abcdef", "../../x") + "]",
     "第1项的报送编号（submission_id）应为 8–64 位字母、数字或“-”", "a removal naming its application by a path"),
    ("removed-reason", "[" + _REMOVAL.replace('"deleted"', '"forgotten"') + "]",
     "第1项的原因（reason）应为 deleted（已删除）或 returned（已退回），收到“forgotten”",
     "a removal whose reason is neither deleted nor returned"),
    ("removed-name-number", "[" + _REMOVAL.replace('"项目"', "42") + "]", "第1项的项目名称（project_name）不是文字",
     "a removal whose project name is a number"),
    ("removed-also-listed", "[" + _REMOVAL.replace("0123456789abcdef", "{sid}") + "]",
     "第1项的报送编号（submission_id）同时在汇总包的申报清单中", "a removal of an application the package also carries"),
    ("removed-no-time", "[" + _REMOVAL + "]", "生成时间（created_at），但生成时间缺失或无效",
     "a removal list in a package without the time it was written"),
)


def _removal_cases(genuine_hzsub: Path, work: Path) -> list[tuple[str, Callable[[Path], Path], str, str]]:
    """County packages whose list of removed applications is malformed."""
    def change(name: str, removed: str) -> Callable[[str], str]:
        def edit(text: str) -> str:
            sid = json.loads(text)["applications"][0]["submission_id"]
            text = text.replace('"removed": []', '"removed": ' + removed.replace("{sid}", sid), 1)
            return text.replace('"created_at"', '"made_at"', 1) if name == "removed-no-time" else text
        return edit

    return [(name, (lambda d, n=name, r=removed: county_package_with(genuine_hzsub, work, d, change(n, r))), phrase,
             description) for name, removed, phrase, description in REMOVAL_CASES]


def foreign_workbook(dst: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "项目名称"
    workbook.active["B1"] = "=1+1"
    workbook.save(dst)
    return dst


# -- the corpus ----------------------------------------------------------------------------------
def _genuine(work: Path) -> tuple[Path, Path]:
    """A submission and a workbook made by the app from the sample application."""
    from hzsubsidy_desktop.document.sample import sample_application
    from hzsubsidy_desktop.export import export_application
    from hzsubsidy_desktop.formdef import load_definition
    from hzsubsidy_desktop.interchange.submission import pack_application
    from hzsubsidy_desktop.store import Store
    from hzsubsidy_desktop.workspace import Workspace

    with Store(work / "enterprise.sqlite3") as store:
        app_id = Workspace(store).add_document(sample_application())
        submission = pack_application(store, app_id, work / "packed")
    result = export_application(load_definition(), sample_application(), work / "exported")
    assert result.xlsx is not None
    return submission, result.xlsx


@dataclass(frozen=True)
class ArchiveCase:
    """A damaged or malicious file (.hzsub or .xlsx) made from a genuine one, and the phrase its refusal must hold."""

    name: str
    build: Callable[[Path, Path], Path]  # (genuine submission, destination) → destination
    message: str
    description: str


def _alone(make: Callable[[Path], Path]) -> Callable[[Path, Path], Path]:
    return lambda _genuine, dst: make(dst)


h = hostile
ARCHIVE_CASES: tuple[ArchiveCase, ...] = (
    ArchiveCase("not-zip", _alone(h.not_a_zip), "不是报送文件：文件不是 zip 压缩包", "a text file named .hzsub"),
    ArchiveCase("empty", _alone(h.empty_file), "是空文件", "zero bytes"),
    ArchiveCase("truncated", h.truncated, "已损坏或不完整（压缩包目录无法读取），请让对方重新发送", "the first half of a genuine file"),
    ArchiveCase("corrupted-member", h.corrupted_member, "中的“application.json”无法解压，文件已损坏", "bytes flipped in the compressed data"),
    ArchiveCase("missing-member", h.missing_member, "缺少“application.json”，不是完整的报送文件",
                "application.json listed but absent"),
    ArchiveCase("missing-manifest", h.missing_manifest, "缺少 manifest.json", "no manifest"),
    ArchiveCase("tampered-hash", h.tampered_member, "中的“application.json”校验值（SHA-256）与清单不符，文件已被修改或损坏",
                "application.json changed after packing, same size"),
    ArchiveCase("resized-member", h.resized_member, "中的“application.json”大小与清单不符", "a member grown after packing"),
    ArchiveCase("newer-format", h.newer_format,
                "的格式版本为 99，本程序只认识 1 及以下。它由更新版本的 hzsubsidy 生成，请升级本程序后再导入", "manifest format_version 99"),
    ArchiveCase("too-many-members", h.too_many_members, "含有 204 个文件，超过上限 16", "200 extra members"),
    ArchiveCase("zip-bomb", h.zip_bomb, "中的“bomb.docx”压缩比异常", "30 MB of zeros compressed 1000:1"),
    ArchiveCase("declared-3gb", h.oversized_member, "中的“application.json”解压后 3072 MB，超过上限 20 MB", "a member declared as 3 GB"),
    ArchiveCase("lying-size", h.lying_size, "中的“application.json”已损坏或不完整", "declared sizes smaller than the data"),
    ArchiveCase("path-traversal", h.path_outside, "含有路径不安全的文件“../../evil.bat”", "a member named ../../evil.bat"),
    ArchiveCase("path-absolute", lambda g, d: h.path_outside(g, d, "/etc/cron.d/evil"), "含有路径不安全的文件“/etc/cron.d/evil”",
                "a member with an absolute path"),
    ArchiveCase("path-windows-drive", lambda g, d: h.path_outside(g, d, "C:\\Windows\\evil.bat"),
                "含有路径不安全的文件“C:\\Windows\\evil.bat”",
                "a member with a Windows drive path"),
    ArchiveCase("path-dotdot-inside", lambda g, d: h.path_outside(g, d, "docs/../../x"), "含有路径不安全的文件“docs/../../x”",
                "a member named docs/../../x (climbs out after a folder)"),
    ArchiveCase("duplicate-member", h.duplicate_member, "中的文件“application.json”出现了两次", "application.json twice"),
    ArchiveCase("invalid-application-json", h.invalid_json, "中的申报数据无效：不是有效的 JSON",
                "application.json cut off mid-way, hashes right"),
    ArchiveCase("invalid-manifest-json", h.invalid_manifest_json, "中的“manifest.json”无效：不是有效的 JSON",
                "a broken manifest"),
    ArchiveCase("schema-mismatch", h.schema_mismatch, "申报数据不符合格式要求：“总投资（投入）（万元）”", "total investment as a number"),
    ArchiveCase("manifest-disagrees", h.manifest_disagrees, "清单与申报数据不一致：统一社会信用代码不同",
                "the manifest names another credit code"),
    ArchiveCase("manifest-disagrees-project-name",
                lambda g, d: h.manifest_disagrees(g, d, "project_name", "另一家企业的项目"),
                "清单与申报数据不一致：项目名称不同", "the manifest names another project"),
    ArchiveCase("escape-sequence-member-name", lambda g, d: h.variant(
        g, d, members=lambda ms: {**ms, "\x1b[2J\x1b[1A\r已导入.txt": b"x"}, rehash=False),
        "清单之外的文件", "an unlisted member named with terminal escape sequences"),
    ArchiveCase("zip-version-unsupported", lambda g, d: zip_version(g, d), "不支持的压缩包格式",
                "the directory says a zip version (25.5) newer than any reader"),
    ArchiveCase("member-name-not-utf8", lambda g, d: member_name_not_utf8(g, d), "文件名无法识别",
                "a member name flagged UTF-8 that is not"),
    ArchiveCase("symlink-member", h.symlink_member, "中的“link”是链接", "a symbolic link to /etc/passwd"),
    ArchiveCase("encrypted-member", h.encrypted_member, "“application.json”已加密，无法检查", "an encrypted member"),
    ArchiveCase("huge-file", _alone(h.huge_file), "过大（101 MB，上限 100 MB），不像报送文件，已拒收", "101 MB (sparse)"),
)


def _repacked(members: dict[str, bytes]) -> Callable[[Path, Path], Path]:
    return lambda _genuine, dst: _write_zip(dst, members)


def _tampered_payload(genuine: Path, dst: Path) -> Path:
    """The embedded application changed (600 → 900) while the recorded hash stays the old one."""
    payload = _embedded_payload(genuine)
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return xlsx_with_payload(genuine, dst, payload.replace('"600"', '"900"', 1), digest=digest)


# damaged, malicious or foreign workbooks: (genuine hzsubsidy workbook, destination) → destination
BROKEN = "：文件不是有效的 Excel 工作簿（.xlsx），或已损坏"
WORKBOOK_CASES: tuple[ArchiveCase, ...] = (
    ArchiveCase("xml-bomb-sheet", lambda g, d: xml_bomb(g, d, "sheet"), BROKEN,
                "billion laughs in the 附件3 sheet XML"),
    ArchiveCase("xml-bomb-data-sheet", lambda g, d: xml_bomb(g, d, "data-sheet"), BROKEN,
                "billion laughs in the hidden data sheet"),
    ArchiveCase("xml-bomb-shared-strings", lambda g, d: xml_bomb(g, d, "shared-strings"), BROKEN,
                "billion laughs in sharedStrings.xml"),
    ArchiveCase("xml-bomb-workbook", lambda g, d: xml_bomb(g, d, "workbook"), BROKEN,
                "billion laughs in workbook.xml"),
    ArchiveCase("xml-external-entity", lambda g, d: xml_bomb(g, d, "external-entity"), BROKEN,
                "an external entity (file:///etc/passwd) in a sheet"),
    ArchiveCase("zip-bomb", lambda g, d: xlsx_zip_bomb(g, d), "解压后过大，不是 hzsubsidy 导出的工作簿", "210 MB of zeros inside"),
    ArchiveCase("not-zip", _alone(hostile.not_a_zip), "不是 Excel 工作簿（.xlsx）", "a text file named .xlsx"),
    ArchiveCase("zip-without-workbook", _repacked({"hello.txt": b"hi"}), BROKEN,
                "a zip archive holding no workbook"),
    ArchiveCase("zip-version-unsupported", lambda g, d: zip_version(g, d), "不是 Excel 工作簿（.xlsx）",
                "the directory says a zip version (25.5) newer than any reader"),
    ArchiveCase("truncated", hostile.truncated, "不是 Excel 工作簿（.xlsx）", "half a workbook"),
    ArchiveCase("foreign-workbook", _alone(foreign_workbook),
                "不是 hzsubsidy 导出的工作簿（缺少内嵌的申报数据）", "a workbook made elsewhere"),
    ArchiveCase("tampered-payload", _tampered_payload, "中的申报数据已损坏或被修改", "embedded data changed, old hash kept"),
    ArchiveCase("newer-format", lambda g, d: xlsx_with_payload(g, d, _embedded_payload(g), version=99),
                "由更新版本的 hzsubsidy 导出，请升级本程序后再导入",
                "embedded data version 99"),
    ArchiveCase("attachment3-edited-in-excel", lambda g, d: xlsx_sheet3_edit(g, d),
                "可见的单元格与内嵌的申报数据不一致（1 处，可能在 Excel 中修改过）：附件3",
                "the project name on the visible 附件3 sheet retyped in Excel"),
    ArchiveCase("attachment4-sheet-deleted", lambda g, d: xlsx_without_sheet4(g, d), "缺少“附件4”工作表",
                "the 附件4 sheet deleted (the only visible amounts)"),
    ArchiveCase("edited-in-excel", lambda g, d: xlsx_visible_edit(g, d),
                "“设备购置费用第1项”与导出时不一致（可能在 Excel 中修改过）。导入只读取导出时的申报数据，在 Excel 中的修改不会被导入",
                "an amount of 附件4 changed in Excel"),
)


def _write(root: Path, case: Case) -> Case:
    (root / (case.file + EXPECT_SUFFIX)).write_text(
        json.dumps(asdict(case), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return case


def generate(root: str | Path) -> list[Case]:
    """Write the whole corpus into ``root`` (created if needed); returns its cases."""
    root = Path(root)
    for sub in ("json", "hzsub", "xlsx", "county", "word", "accepted"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    with tempfile.TemporaryDirectory(prefix="hz-corpus-") as tmp:
        genuine_hzsub, genuine_xlsx = _genuine(Path(tmp))

        # application JSON, three ways
        for jc in JSON_CASES:
            data = _apply(jc)
            if "json" in jc.carriers:
                rel = f"json/{jc.name}.json"
                (root / rel).write_bytes(data)
                also = (ADD,) if jc.name in ADD_TOO else ()
                cases.append(_write(root, Case(jc.name, rel, VALIDATE, 2, jc.message, jc.description, also=also)))
            if "hzsub" in jc.carriers:
                rel = f"hzsub/json-{jc.name}.hzsub"
                hzsub_with_application(genuine_hzsub, root / rel, data)
                cases.append(_write(root, Case(f"hzsub-json-{jc.name}", rel, IMPORT, 1, jc.message,
                                               f"{jc.description}, inside a .hzsub with matching hashes")))
            if "xlsx" in jc.carriers:
                rel = f"xlsx/json-{jc.name}.xlsx"
                xlsx_with_payload(genuine_xlsx, root / rel, data.decode("utf-8"))
                cases.append(_write(root, Case(f"xlsx-json-{jc.name}", rel, IMPORT, 1, jc.message,
                                               f"{jc.description}, as the workbook's embedded data")))

        # damaged and malicious archives
        for ac in ARCHIVE_CASES:
            rel = f"hzsub/{ac.name}.hzsub"
            ac.build(genuine_hzsub, root / rel)
            cases.append(_write(root, Case(f"hzsub-{ac.name}", rel, IMPORT, 1, ac.message, ac.description)))

        # workbooks
        for wc in WORKBOOK_CASES:
            rel = f"xlsx/{wc.name}.xlsx"
            wc.build(genuine_xlsx, root / rel)
            cases.append(_write(root, Case(f"xlsx-{wc.name}", rel, IMPORT, 1, wc.message, wc.description)))

        # county packages
        for name, builder, phrase, description in (
            ("not-zip", hostile.not_a_zip, "不是 zip 压缩包", "a text file named .hzcounty"),
            ("submission-renamed", lambda d: d.write_bytes(genuine_hzsub.read_bytes()) or d,
             "不是hzsubsidy 县级汇总包", "a .hzsub renamed to .hzcounty"),
            ("integer-5000-digits", lambda d: county_package_with(
                genuine_hzsub, Path(tmp), d, lambda t: t.replace('"revision": 1', '"revision": ' + "9" * 5000, 1)),
             "位的整数", "an application entry whose revision has 5,000 digits"),
            ("duplicate-key", lambda d: county_package_with(
                genuine_hzsub, Path(tmp), d, lambda t: t.replace('"kind"', '"kind": "hzsubsidy-county", "kind"', 1)),
             "出现了两次", "the manifest's kind twice"),
            *_travel_cases(genuine_hzsub, Path(tmp)),
            *_removal_cases(genuine_hzsub, Path(tmp)),
        ):
            rel = f"county/{name}.hzcounty"
            builder(root / rel)
            cases.append(_write(root, Case(f"county-{name}", rel, IMPORT, 1, phrase, description)))

        # hand-filled Word 附件3/附件4
        genuine_docx = _genuine_docx(Path(tmp))
        for name, builder, phrase, description in _word_cases(genuine_docx):
            rel = f"word/{name}"
            builder(root / rel)
            cases.append(_write(root, Case(f"word-{Path(name).stem}", rel, IMPORT, 1, phrase, description)))
        rel = "accepted/hand-filled.docx"
        (root / rel).write_bytes(genuine_docx.read_bytes())
        cases.append(_write(root, Case("word-hand-filled", rel, IMPORT, 0, "Word 手填附件3、附件4",
                                       "the official 附件3 and 附件4 filled by hand", accepted=True)))

        # valid input that looks hostile
        for jc in ACCEPTED_JSON:
            data = _apply(jc)
            rel = f"accepted/{jc.name}.json"
            (root / rel).write_bytes(data)
            cases.append(_write(root, Case(jc.name, rel, EXPORT, 0, "已导出", jc.description, accepted=True)))
            rel = f"accepted/{jc.name}.hzsub"
            hzsub_with_application(genuine_hzsub, root / rel, data)
            cases.append(_write(root, Case(f"hzsub-{jc.name}", rel, IMPORT, 0, jc.message,
                                           f"{jc.description}, inside a .hzsub", accepted=True)))
    return cases


def _genuine_docx(work: Path) -> Path:
    from word_templates import build

    return build(work / "手填附件3附件4.docx")


def _docx_with(genuine: Path, dst: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(genuine) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    change(members)
    return _write_zip(dst, members)


def _document_xml(transform: Callable[[bytes], bytes]) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        members["word/document.xml"] = transform(members["word/document.xml"])
    return change


def _letter(dst: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("关于申请跨境电商专项资金的函")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "合同编号"
    table.cell(0, 1).text = "HT-2024-001"
    document.save(str(dst))
    return dst


def _word_cases(genuine: Path) -> list[tuple[str, Callable[[Path], Path], str, str]]:
    def laughs(xml: bytes) -> bytes:
        return _with_dtd(xml, "w:document", _LAUGHS, (r"<w:t>[^<]*</w:t>", "<w:t>&lol9;</w:t>"))

    def external(xml: bytes) -> bytes:
        return _with_dtd(xml, "w:document", _EXTERNAL, (r"<w:t>[^<]*</w:t>", "<w:t>&xxe;</w:t>"))

    def add(name: str, data: bytes) -> Callable[[dict[str, bytes]], None]:
        return lambda members: members.__setitem__(name, data)

    return [
        ("not-zip.docx", hostile.not_a_zip, "不是Word 文件（.docx）：文件不是 zip 压缩包", "a text file named .docx"),
        ("empty.docx", hostile.empty_file, "是空文件", "an empty .docx"),
        ("truncated.docx", lambda d: hostile.truncated(genuine, d), "已损坏或不完整", "half a filled form"),
        ("macro.docx", lambda d: _docx_with(genuine, d, add("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" * 64)),
         "含有宏代码", "a filled form carrying vbaProject.bin"),
        ("filled.docm", lambda d: d.write_bytes(genuine.read_bytes()) or d, "启用宏的 Word 文件",
         "a filled form saved as .docm"),
        ("billion-laughs.docx", lambda d: _docx_with(genuine, d, _document_xml(laughs)), "不允许的 XML 内容",
         "billion laughs in word/document.xml"),
        ("external-entity.docx", lambda d: _docx_with(genuine, d, _document_xml(external)), "不允许的 XML 内容",
         "an external entity (file:///etc/passwd) in word/document.xml"),
        ("not-xml.docx", lambda d: _docx_with(genuine, d, _document_xml(lambda x: x[: len(x) // 2])),
         "已损坏", "word/document.xml cut in half"),
        ("no-body.docx", lambda d: _docx_with(genuine, d, lambda m: m.pop("word/document.xml")),
         "缺少正文 word/document.xml", "a zip without word/document.xml"),
        ("zip-bomb.docx", lambda d: _docx_with(genuine, d, add("word/media/padding.bin", bytes(30 * 1024 * 1024))),
         "疑似压缩炸弹", "30 MB of zeros inside a filled form"),
        ("path-outside.docx", lambda d: _docx_with(genuine, d, add("../../evil.bat", b"echo evil")),
         "路径不安全", "a member named ../../evil.bat"),
        ("too-many-members.docx",
         lambda d: _docx_with(genuine, d, lambda m: m.update({f"word/media/x{i}.bin": b"x" for i in range(400)})),
         "超过上限", "400 extra members"),
        ("letter.docx", _letter, "不是附件3（重点项目信息表）或附件4（项目资金投入明细表）",
         "a letter with a contract table, not the form"),
    ]


def _embedded_payload(workbook: Path) -> str:
    from openpyxl import load_workbook

    from hzsubsidy_desktop.export.xlsx_form import DATA_SHEET

    wb = load_workbook(workbook)
    ws = wb[DATA_SHEET]
    count = ws.cell(row=4, column=1).value
    text = "".join(ws.cell(row=5 + i, column=1).value for i in range(count))
    wb.close()
    return text


def load_cases(root: str | Path) -> list[Case]:
    """The cases recorded in a generated corpus folder."""
    root = Path(root)
    cases = []
    for record in sorted(root.rglob("*" + EXPECT_SUFFIX)):
        raw = json.loads(record.read_text(encoding="utf-8"))
        raw["command"] = tuple(raw["command"])
        raw["also"] = tuple(tuple(a) for a in raw["also"])
        cases.append(Case(**raw))
    return cases


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python tests/corpus/generate.py OUT_DIR", file=sys.stderr)
        return 2
    cases = generate(argv[0])
    print(f"{len(cases)} cases written to {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["ARCHIVE_CASES", "WORKBOOK_CASES", "ArchiveCase", "Case", "generate", "load_cases", "hzsub_with_application", "xlsx_with_payload"]
