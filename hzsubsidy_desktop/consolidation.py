"""The county clerk's consolidation: import many applications, de-duplicate, review, and list.

- :func:`import_files` takes ``.hzsub`` submission files, whole folders, the ``.xlsx`` that
  hzsubsidy exports, and county packages (``.hzcounty``, for a city clerk). Every file is checked
  completely before it touches the database and is then imported in one transaction, so a
  rejected file never changes anything. The same submission id (or the same credit code +
  project name) again is *identical* (skipped), a *newer revision* (replaces the older one, which
  goes to the history), or a *conflict* that the clerk decides on with :func:`diff_documents`.
- Review states and comments, the county settings (设区市, 县（市、区）, contact) and the county's
  附件2 fields, each validated like a form field.
- :func:`project_rows`: the rows of 附件5 (plus status and review state), shared by the CLI, the
  exports and the GUI table.
- :func:`pack_county` / :func:`read_county_package`: the county package a city clerk imports.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import __version__, amounts, totals
from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.field_types import InputError, check_characters, clean_text, display, parse_input
from hzsubsidy_desktop.formdef import FieldDef, FormDefinition, load_definition
from hzsubsidy_desktop.interchange import check_document
from hzsubsidy_desktop.store import Store, StoreError
from hzsubsidy_desktop.submission import (
    MANIFEST,
    Limits,
    SafeArchive,
    SubmissionRejected,
    check_manifest_header,
    read_submission,
    safe_file_part,
    write_archive,
)
from hzsubsidy_desktop.validation import validate

ACTOR = "import"
ORIGIN = "import"
STATUSES = ("imported", "replaced", "identical", "conflict", "rejected")
STATUS_LABELS = {
    "imported": "已导入",
    "replaced": "已替换旧版本",
    "identical": "相同，已跳过",
    "conflict": "有冲突",
    "rejected": "已拒收",
}
REVIEW_STATES = ("待审核", "已通过", "需修改", "退回")
MAX_REVIEW_COMMENT = 500
IMPORT_SUFFIXES = (".hzsub", ".hzcounty", ".xlsx")

COUNTY_KIND = "hzsubsidy-county"
COUNTY_SUFFIX = ".hzcounty"
COUNTY_FORMAT_VERSION = 1
COUNTY_MEMBER = "county.json"
COUNTY_LIMITS = Limits(
    archive_bytes=300 * 1024 * 1024,
    members=10_002,
    member_bytes=20 * 1024 * 1024,
    json_bytes=20 * 1024 * 1024,
    total_bytes=400 * 1024 * 1024,
)

ProgressCallback = Callable[[int, int, Path], None]


# -- outcomes and diffs ------------------------------------------------------------------------
@dataclass(frozen=True)
class FieldChange:
    """One value that differs between two versions of an application, as the clerk reads it."""

    label: str
    pointer: str
    old: str
    new: str


@dataclass(frozen=True)
class Incoming:
    """An application read from a file, ready to be stored."""

    definition: FormDefinition
    doc: dict[str, Any]
    submission_id: str | None = None
    revision: int | None = None
    region: tuple[str, str] | None = None
    entry: str = ""  # which application inside a county package


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    status: str  # one of STATUSES
    message: str  # one Chinese line
    app_id: str | None = None  # the stored application (new, replaced, identical, or kept on conflict)
    project_name: str = ""
    credit_code: str = ""
    revision: int | None = None
    entry: str = ""
    changes: tuple[FieldChange, ...] = ()
    incoming: Incoming | None = field(default=None, repr=False, compare=False)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def line(self) -> str:
        """``<file>[ <entry>]：<状态>  <message>`` for the CLI and logs."""
        where = self.path.name + (f" {self.entry}" if self.entry else "")
        return f"{where}：{self.label}。{self.message}"


def _order_keys(definition: FormDefinition) -> dict[str, tuple[int, int]]:
    steps = {s.key: i for i, s in enumerate(definition.steps)}
    keys: dict[str, tuple[int, int]] = {}
    for i, f in enumerate(definition.all_fields()):
        keys[f.path] = (steps.get(f.step, len(steps)), i)
    return keys


def _label(definition: FormDefinition, pointer: str) -> tuple[str, FieldDef | None]:
    if pointer.startswith("/explanations/"):
        key = docs.split_pointer(pointer)[1]
        _code, _, target = key.partition("@")
        try:
            return f"说明：{definition.field(target).label}", None
        except KeyError:
            return f"说明：{key}", None
    for table in definition.tables():
        if pointer.startswith(table.path + "/"):
            rest = pointer[len(table.path) + 1:].split("/")
            if rest[0].isdigit():
                col = rest[1] if len(rest) > 1 else ""
                try:
                    fdef: FieldDef | None = table.column(col)
                    col_label = fdef.label
                except KeyError:
                    fdef, col_label = None, col
                return f"{table.title} 第{int(rest[0]) + 1}行 {col_label}".rstrip(), fdef
    try:
        fdef = definition.field(pointer)
    except KeyError:
        return pointer, None
    return fdef.label, fdef


def _leaves(doc: dict[str, Any]) -> dict[str, Any]:
    body = {k: v for k, v in doc.items() if k not in ("format_version", "form_id")}
    return {p: v for p, v in docs.iter_leaves(body) if v not in (None, "", [], {})}


def same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two documents hold the same values (empty values and key order do not count)."""
    return a.get("form_id") == b.get("form_id") and _leaves(a) == _leaves(b)


def _text(fdef: FieldDef | None, value: Any) -> str:
    if value is None:
        return ""
    if fdef is not None:
        try:
            return display(fdef, value)
        except (TypeError, ValueError, ArithmeticError):
            pass
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def diff_documents(definition: FormDefinition, old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Every value that differs, in the order of the form, with old and new display text."""
    a, b = _leaves(old), _leaves(new)
    order = _order_keys(definition)
    changes = []
    for pointer in set(a) | set(b):
        if a.get(pointer) == b.get(pointer):
            continue
        label, fdef = _label(definition, pointer)
        pattern = "/".join("*" if p.isdigit() else p for p in pointer.split("/"))
        row = next((int(p) for p in pointer.split("/") if p.isdigit()), -1)
        key = (*order.get(pattern, (len(definition.steps) + 1, 0)), row, pointer)
        changes.append((key, FieldChange(label, pointer, _text(fdef, a.get(pointer)), _text(fdef, b.get(pointer)))))
    return [c for _, c in sorted(changes, key=lambda kc: kc[0])]


# -- import ------------------------------------------------------------------------------------
def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to import: given files as they are, folders searched recursively for importable ones."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in IMPORT_SUFFIXES
                and not p.name.startswith(("~$", ".")) and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            out.extend(sorted(found))
        else:
            out.append(path)
    return out


def read_incoming(path: Path) -> list[Incoming]:
    """Read one file into the applications it holds; raises :class:`SubmissionRejected`."""
    suffix = path.suffix.lower()
    if suffix == ".hzsub":
        sub = read_submission(path)
        return [Incoming(sub.definition, sub.doc, sub.submission_id, sub.revision)]
    if suffix == COUNTY_SUFFIX:
        return read_county_package(path).incoming
    if suffix == ".xlsx":
        return [_read_xlsx(path)]
    if path.is_dir():
        raise SubmissionRejected(f"“{path.name}”是文件夹。")
    raise SubmissionRejected(
        f"“{path.name}”不是可导入的文件：应为报送文件（.hzsub）、县级汇总包（.hzcounty）或 hzsubsidy 导出的 Excel（.xlsx）。"
    )


def _read_xlsx(path: Path) -> Incoming:
    try:
        from hzsubsidy_desktop.export import read_workbook
    except ImportError as exc:  # pragma: no cover - the export package ships with the app
        raise SubmissionRejected("本版本无法导入 Excel 文件。") from exc
    if not path.exists():
        raise SubmissionRejected(f"找不到文件“{path}”。")
    try:
        result = read_workbook(path)
    except SubmissionRejected:
        raise
    except (FormatError, InputError, ValueError, OSError, KeyError) as exc:
        raise SubmissionRejected(f"“{path.name}”无法导入：{getattr(exc, 'message', None) or exc}") from exc
    doc = result[1] if isinstance(result, tuple) else result
    try:
        definition, doc = check_document(doc)
    except FormatError as exc:
        raise SubmissionRejected(f"“{path.name}”中的申报数据无效：{exc}") from exc
    return Incoming(definition, doc)


def import_files(
    store: Store,
    paths: Iterable[str | Path],
    *,
    on_conflict: str = "keep",
    progress: ProgressCallback | None = None,
) -> list[ImportOutcome]:
    """Import files and folders; one outcome per application (a county package gives several)."""
    if on_conflict not in ("keep", "replace"):
        raise ValueError(f"on_conflict must be 'keep' or 'replace', not {on_conflict!r}")
    files = collect_files(paths)
    outcomes: list[ImportOutcome] = []
    for done, path in enumerate(files, start=1):
        outcomes.extend(import_file(store, path, on_conflict=on_conflict))
        if progress is not None:
            progress(done, len(files), path)
    return outcomes


def import_file(store: Store, path: Path, *, on_conflict: str = "keep") -> list[ImportOutcome]:
    """Import one file in one transaction; a rejected file leaves the database as it was."""
    try:
        incoming = read_incoming(path)
    except SubmissionRejected as exc:
        return [ImportOutcome(path, "rejected", exc.reason)]
    try:
        with store.transaction():
            return [_store_one(store, path, item, on_conflict) for item in incoming]
    except StoreError as exc:
        return [ImportOutcome(path, "rejected", f"未能保存：{exc}")]


def _record_status(store: Store, app_id: str, definition: FormDefinition, doc: dict[str, Any]) -> None:
    report = validate(definition, doc)
    store.record_status(app_id, report.status(), len(report.blocking), len(report.warnings))


def _store_one(store: Store, path: Path, item: Incoming, on_conflict: str) -> ImportOutcome:
    doc = item.doc
    name = str(docs.get(doc, "/project/name") or "")
    code = str(docs.get(doc, "/enterprise/credit_code") or "")
    common = {"project_name": name, "credit_code": code, "revision": item.revision, "entry": item.entry}
    existing = store.find_submission(item.submission_id) if item.submission_id else None
    if existing is None:
        existing = store.find_identity(code, name)
    if existing is None:
        app_id = store.create(
            doc, actor=ACTOR, origin=ORIGIN, submission_id=item.submission_id, revision=item.revision or 0
        )
        if item.region:
            store.set_region(app_id, *item.region)
        _record_status(store, app_id, item.definition, doc)
        rev = f"（第{item.revision}版）" if item.revision else ""
        return ImportOutcome(path, "imported", f"{name or '（未命名项目）'}{rev}", app_id, **common)
    summary = store.summary(existing)
    old = docs.canonical(item.definition, store.load(existing))
    if same_content(old, doc):
        return ImportOutcome(path, "identical", f"{name}：与已导入的内容相同。", existing, **common)
    changes = tuple(diff_documents(item.definition, old, doc))
    newer = (
        item.submission_id is not None
        and summary.submission_id == item.submission_id
        and (item.revision or 0) > summary.revision
    )
    if newer:
        _replace(store, existing, summary.revision, old, item, f"第{item.revision}版替换第{summary.revision}版")
        return ImportOutcome(
            path, "replaced",
            f"{name}：第{item.revision}版替换了第{summary.revision}版（{len(changes)} 处不同，旧版本已存入历史）。",
            existing, changes=changes, incoming=item, **common,
        )
    why = _conflict_reason(summary.submission_id, summary.revision, item)
    if on_conflict == "replace":
        _replace(store, existing, summary.revision, old, item, f"按选择替换（{why}）")
        return ImportOutcome(
            path, "replaced", f"{name}：{why}，已按选择替换（{len(changes)} 处不同，旧版本已存入历史）。",
            existing, changes=changes, incoming=item, **common,
        )
    return ImportOutcome(
        path, "conflict", f"{name}：{why}，有 {len(changes)} 处不同，已保留原有版本，请核对后选择。",
        existing, changes=changes, incoming=item, **common,
    )


def _conflict_reason(old_sid: str | None, old_rev: int, item: Incoming) -> str:
    if item.submission_id and old_sid == item.submission_id:
        if (item.revision or 0) == old_rev:
            return f"同一报送文件的同一版本（第{old_rev}版）内容不同"
        return f"收到的第{item.revision}版比已导入的第{old_rev}版旧"
    return "已有同一统一社会信用代码和项目名称的申报"


def _replace(store: Store, app_id: str, old_rev: int, old: dict[str, Any], item: Incoming, reason: str) -> None:
    with store.transaction():
        store.add_history(app_id, old_rev, old, reason)
        store.replace_document(app_id, item.doc, actor=ACTOR, reason=reason)
        summary = store.summary(app_id)
        store.set_submission(
            app_id, item.submission_id or summary.submission_id,
            item.revision if item.revision is not None else summary.revision,
        )
        if item.region:
            store.set_region(app_id, *item.region)
        if summary.review_state != REVIEW_STATES[0]:
            store.set_review(app_id, REVIEW_STATES[0], "", actor=ACTOR)
        _record_status(store, app_id, item.definition, item.doc)


def accept_incoming(store: Store, outcome: ImportOutcome) -> ImportOutcome:
    """The clerk chose the incoming version of a conflict: replace, keeping the old one in history."""
    if outcome.status != "conflict" or outcome.incoming is None or outcome.app_id is None:
        raise ValueError("only a conflict can be resolved")
    summary = store.summary(outcome.app_id)
    old = docs.canonical(outcome.incoming.definition, store.load(outcome.app_id))
    _replace(store, outcome.app_id, summary.revision, old, outcome.incoming, "县级审核人员选择了新收到的版本")
    return ImportOutcome(
        outcome.path, "replaced", f"{outcome.project_name}：已替换为新收到的版本，旧版本已存入历史。",
        outcome.app_id, outcome.project_name, outcome.credit_code, outcome.revision, outcome.entry, outcome.changes,
    )


# -- review ------------------------------------------------------------------------------------
def set_review(store: Store, app_id: str, state: str, comment: str = "", *, actor: str = "clerk") -> None:
    """Record the clerk's review state (待审核 / 已通过 / 需修改 / 退回) and comment."""
    if state not in REVIEW_STATES:
        raise InputError(f"“审核状态”应为以下之一：{'、'.join(REVIEW_STATES)}；收到“{state[:20]}”。")
    check_characters(comment, "审核意见")
    comment = clean_text(comment).strip()
    if len(comment) > MAX_REVIEW_COMMENT:
        raise InputError(f"“审核意见”最多{MAX_REVIEW_COMMENT}字，当前{len(comment)}字，请精简。")
    store.set_review(app_id, state, comment, actor=actor)


# -- county settings and 附件2 ---------------------------------------------------------------------
COUNTY_FIELDS = (
    FieldDef("city", "/county/city", "设区市", "text", "county", required=True, max_length=20),
    FieldDef("county", "/county/county", "县（市、区）", "text", "county", required=True, max_length=20),
    FieldDef("contact_person", "/county/contact_person", "联系人", "text", "county", max_length=30),
    FieldDef("contact_phone", "/county/contact_phone", "联系电话", "phone", "county"),
)
DEFAULT_COUNTY = {"city": "湖州市", "county": "安吉县", "contact_person": "", "contact_phone": ""}


def county_settings(store: Store) -> dict[str, str]:
    """设区市, 县（市、区）, contact person and phone (defaults 湖州市 / 安吉县)."""
    stored = store.setting("county") or {}
    out = dict(DEFAULT_COUNTY)
    if isinstance(stored, dict):
        out.update({k: str(v) for k, v in stored.items() if k in DEFAULT_COUNTY and v is not None})
    return out


def _parse_all(fields: Sequence[FieldDef], values: Mapping[str, Any]) -> dict[str, Any]:
    by_key = {f.key: f for f in fields}
    parsed: dict[str, Any] = {}
    for key, text in values.items():
        if key not in by_key:
            raise InputError(f"没有设置项“{key}”。可设置：{'、'.join(f.label for f in fields)}。")
        fdef = by_key[key]
        value = parse_input(fdef, "" if text is None else text).value
        if value is None and fdef.required and fdef.step == "county":
            raise InputError(f"“{fdef.label}”不能为空。")
        parsed[key] = value
    return parsed


def set_county_settings(store: Store, values: Mapping[str, Any]) -> dict[str, str]:
    """Change some county settings (typed text, checked like form fields); returns all of them."""
    current = county_settings(store)
    for key, value in _parse_all(COUNTY_FIELDS, values).items():
        current[key] = "" if value is None else str(value)
    store.set_setting("county", current)
    return current


def declaration_values(store: Store, definition: FormDefinition | None = None) -> dict[str, Any]:
    """The county's 附件2 values; 所在地区 and the contact default to the county settings."""
    definition = definition or load_definition()
    stored = store.setting("declaration") or {}
    stored = stored if isinstance(stored, dict) else {}
    county = county_settings(store)
    defaults = {
        "region": county["city"] + county["county"],
        "contact_person": county["contact_person"],
        "contact_phone": county["contact_phone"],
    }
    out: dict[str, Any] = {}
    for f in definition.declaration.fields:
        value = stored.get(f.key)
        out[f.key] = value if value not in (None, "") else defaults.get(f.key) or None
    return out


def set_declaration(store: Store, values: Mapping[str, Any], definition: FormDefinition | None = None) -> dict[str, Any]:
    """Change some 附件2 fields (typed text, all or nothing); returns all values."""
    definition = definition or load_definition()
    parsed = _parse_all(definition.declaration.fields, values)
    stored = store.setting("declaration") or {}
    stored = dict(stored) if isinstance(stored, dict) else {}
    for key, value in parsed.items():
        if value is None:
            stored.pop(key, None)
        else:
            stored[key] = value
    store.set_setting("declaration", stored)
    return declaration_values(store, definition)


def declaration_problems(definition: FormDefinition, values: Mapping[str, Any]) -> list[str]:
    """Chinese lines for 附件2 fields that are required but empty."""
    return [f"“{f.label}”尚未填写。" for f in definition.declaration.fields if f.required and not values.get(f.key)]


# -- 附件5 rows ------------------------------------------------------------------------------------
ENTERPRISE_TYPE_LIST5 = {"贸易型": "贸易型企业", "生产型": "生产型企业", "服务型": "服务型企业"}


@dataclass(frozen=True)
class ProjectRow:
    """One project of 附件5, with what the clerk's table shows beside it."""

    app_id: str
    values: dict[str, Any]  # by list column key: Decimal for money and progress, int for 序号, else str
    texts: dict[str, str]  # display text by list column key
    status: str
    error_count: int
    warning_count: int
    review_state: str
    review_comment: str
    project_types: tuple[str, ...]
    enterprise_type: str
    city: str
    county: str
    origin: str
    submission_id: str | None
    revision: int
    created_at: str


def yearmonth_text(value: Any) -> str:
    """"2024-03" → "2024年3月" (as the official lists write 年月)."""
    if isinstance(value, str) and len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit():
        return f"{value[:4]}年{int(value[5:])}月"
    return "" if value is None else str(value)


def _calculated(name: str, definition: FormDefinition, doc: dict[str, Any], computed: totals.Totals) -> Any:
    if name == "@project_types":
        types = docs.get(doc, "/project/types") or []
        return "、".join(str(t) for t in types) if isinstance(types, list) else str(types)
    if name == "@start_yearmonth":
        return yearmonth_text(docs.get(doc, "/project/start"))
    if name == "@end_yearmonth":
        return yearmonth_text(docs.get(doc, "/project/end"))
    if name == "@progress_percent":
        return totals.progress_percent(definition, doc)
    if name in ("@spent_total", "@planned_total", "@related_costs"):
        return computed.calculation(name)
    if name == "@leader_contact":
        person = docs.get(doc, "/enterprise/project_leader") or docs.get(doc, "/enterprise/contact_person") or ""
        phone = docs.get(doc, "/enterprise/contact_phone") or ""
        return " ".join(str(p) for p in (person, phone) if p)
    if name == "@enterprise_type_list5":
        kind = str(docs.get(doc, "/enterprise/enterprise_type") or "")
        return ENTERPRISE_TYPE_LIST5.get(kind, kind)
    raise KeyError(name)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return amounts.display(value)
    return str(value)


def row_for(
    definition: FormDefinition,
    doc: dict[str, Any],
    *,
    seq: int,
    city: str,
    county: str,
) -> tuple[dict[str, Any], dict[str, str]]:
    """附件5 values and display texts of one application."""
    computed = totals.compute(definition, doc)
    values: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for col in definition.list.columns:
        src = col.source
        if src == "@seq":
            value: Any = seq
        elif src.startswith("@"):
            value = _calculated(src, definition, doc, computed)
        elif src.startswith("county:"):
            value = {"city": city, "county": county}.get(src[7:], "")
        else:
            raw = docs.get(doc, src)
            if col.money:
                value = amounts.from_text(raw)
            elif definition.has_field(src):
                value = _text(definition.field(src), raw)
            else:
                value = _text(None, raw)
        if col.money and isinstance(value, str):
            value = amounts.from_text(value)
        values[col.key] = value
        if src == "@progress_percent" and isinstance(value, Decimal):
            texts[col.key] = f"{value:.1f}"
        else:
            texts[col.key] = _cell_text(value)
    return values, texts


def project_rows(
    store: Store,
    definition: FormDefinition | None = None,
    *,
    states: Collection[str] | None = None,
    origins: Collection[str] | None = (ORIGIN,),
) -> list[ProjectRow]:
    """附件5 rows: every non-deleted imported application of this form (optionally only some
    review states), ordered by 设区市, 县（市、区） and import time, numbered from 1."""
    definition = definition or load_definition()
    county = county_settings(store)
    regions = store.regions()
    chosen = [
        s for s in store.summaries()
        if s.form_id == definition.id
        and (origins is None or s.origin in origins)
        and (states is None or s.review_state in states)
    ]

    def region_of(app_id: str) -> tuple[str, str]:
        city, cty = regions.get(app_id, (None, None))
        return city or county["city"], cty or county["county"]

    order = {app_id: i for i, app_id in enumerate(regions)}  # creation order
    chosen.sort(key=lambda s: (*region_of(s.id), order.get(s.id, 0)))
    rows = []
    for seq, s in enumerate(chosen, start=1):
        doc = docs.canonical(definition, store.load(s.id))
        city, cty = region_of(s.id)
        values, texts = row_for(definition, doc, seq=seq, city=city, county=cty)
        types = docs.get(doc, "/project/types") or []
        rows.append(ProjectRow(
            s.id, values, texts, s.status, s.error_count, s.warning_count, s.review_state, s.review_comment,
            tuple(types) if isinstance(types, list) else (), str(docs.get(doc, "/enterprise/enterprise_type") or ""),
            city, cty, s.origin, s.submission_id, s.revision, s.created_at,
        ))
    return rows


def column_totals(definition: FormDefinition, rows: Sequence[ProjectRow]) -> dict[str, Decimal]:
    """Sums of the columns marked ``total`` (exact; the exports write SUM formulas that must agree)."""
    out = {}
    for col in definition.list.columns:
        if col.total:
            out[col.key] = sum((r.values.get(col.key) or Decimal(0) for r in rows), Decimal(0))
    return out


# -- county package ----------------------------------------------------------------------------
@dataclass(frozen=True)
class CountyPackage:
    manifest: dict[str, Any]
    county: dict[str, str]
    declaration: dict[str, Any]
    incoming: list[Incoming]


def county_package_name(county: Mapping[str, str]) -> str:
    place = safe_file_part(f"{county.get('city', '')}{county.get('county', '')}") or "县级"
    return f"{place}_重点项目汇总{COUNTY_SUFFIX}"


def pack_county(
    store: Store,
    out_dir: Path,
    *,
    definition: FormDefinition | None = None,
    states: Collection[str] | None = None,
) -> Path:
    """Write ``<设区市><县>_重点项目汇总.hzcounty``: every application of the list, the county settings
    and the 附件2 values, for the city clerk to import."""
    definition = definition or load_definition()
    rows = project_rows(store, definition, states=states)
    county = county_settings(store)
    entries = []
    members: list[tuple[str, bytes]] = []
    for i, row in enumerate(rows, start=1):
        sid = row.submission_id
        if not sid:
            sid = uuid.uuid4().hex
            store.set_submission(row.app_id, sid, row.revision)
        doc = docs.canonical(definition, store.load(row.app_id))
        member = f"applications/{i:04d}.json"
        members.append((member, docs.dumps(doc).encode("utf-8")))
        entries.append({
            "file": member,
            "submission_id": sid,
            "revision": row.revision,
            "credit_code": str(docs.get(doc, "/enterprise/credit_code") or ""),
            "project_name": str(docs.get(doc, "/project/name") or ""),
            "city": row.city,
            "county": row.county,
            "review_state": row.review_state,
            "review_comment": row.review_comment,
        })
    settings = {"county": county, "declaration": declaration_values(store, definition)}
    members.append((COUNTY_MEMBER, docs.dumps(settings).encode("utf-8")))
    manifest = {
        "kind": COUNTY_KIND,
        "format_version": COUNTY_FORMAT_VERSION,
        "app_version": __version__,
        "created_at": _now(),
        "package_id": uuid.uuid4().hex,
        "form_id": definition.id,
        "city": county["city"],
        "county": county["county"],
        "applications": entries,
    }
    return write_archive(Path(out_dir) / county_package_name(county), manifest, members)


def _now() -> str:
    from hzsubsidy_desktop.store.database import now

    return now()


def _short_text(value: Any, limit: int = 40) -> str | None:
    if not isinstance(value, str):
        return None
    value = clean_text(value).strip()
    return value[:limit] if value else None


def read_county_package(path: str | Path) -> CountyPackage:
    """Read and check a ``.hzcounty`` file; raises :class:`SubmissionRejected` (all or nothing)."""
    path = Path(path)
    name = path.name
    with SafeArchive(path, "县级汇总包", COUNTY_LIMITS) as archive:
        if MANIFEST not in archive.names:
            raise SubmissionRejected(f"“{name}”缺少 manifest.json，不是 hzsubsidy 生成的县级汇总包。")
        manifest = check_manifest_header(
            archive.read_json(MANIFEST), name, kind=COUNTY_KIND, what="hzsubsidy 县级汇总包",
            version=COUNTY_FORMAT_VERSION,
        )
        members = archive.verify(manifest)
    entries = manifest.get("applications")
    if not isinstance(entries, list):
        raise SubmissionRejected(f"“{name}”的 manifest.json 缺少申报清单（applications）。")
    try:
        settings = docs.loads(members.get(COUNTY_MEMBER, b""))
    except FormatError as exc:
        raise SubmissionRejected(f"“{name}”中的 county.json 无效：{exc}") from exc
    county_raw = settings.get("county") if isinstance(settings.get("county"), dict) else {}
    county = {k: _short_text(county_raw.get(k)) or "" for k in DEFAULT_COUNTY}
    declaration = settings.get("declaration") if isinstance(settings.get("declaration"), dict) else {}
    incoming = []
    for number, entry in enumerate(entries, start=1):
        where = f"第{number}个申报"
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or entry["file"] not in members:
            raise SubmissionRejected(f"“{name}”的{where}在清单中缺少对应文件。")
        try:
            definition, doc = check_document(docs.loads(members[entry["file"]]))
        except FormatError as exc:
            raise SubmissionRejected(f"“{name}”的{where}（{entry['file']}）无效：{exc}") from exc
        for key, pointer, label in (
            ("credit_code", "/enterprise/credit_code", "统一社会信用代码"), ("project_name", "/project/name", "项目名称")
        ):
            if str(entry.get(key) or "") != str(docs.get(doc, pointer) or ""):
                raise SubmissionRejected(f"“{name}”的{where}：清单与申报数据的{label}不一致，文件可能被改动过。")
        sid = entry.get("submission_id")
        sid = sid if isinstance(sid, str) and 8 <= len(sid) <= 64 and sid.replace("-", "").isalnum() else None
        rev = entry.get("revision")
        rev = rev if isinstance(rev, int) and not isinstance(rev, bool) and 0 <= rev <= 1_000_000 else None
        city = _short_text(entry.get("city")) or county["city"]
        cty = _short_text(entry.get("county")) or county["county"]
        if not city or not cty:
            raise SubmissionRejected(f"“{name}”的{where}缺少所在设区市或县（市、区）。")
        label = f"{cty} {str(docs.get(doc, '/project/name') or '')[:40]}"
        incoming.append(Incoming(definition, doc, sid, rev, (city, cty), label))
    return CountyPackage(manifest, county, declaration, incoming)
