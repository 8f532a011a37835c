"""Reading application files from outside (untrusted) into checked documents.

A file is accepted when it is UTF-8 JSON, names a known ``format_version`` and ``form_id``,
and matches the JSON Schema generated from that form's definition. Anything else raises
:class:`~hzsubsidy_desktop.document.FormatError` with a Chinese message naming the field.

Speed: a process that checks many documents (an import of thousands of files) compiles each
form's schema into Python once (fastjsonschema, about 9 ms) from the :data:`COMPILE_AFTER`-th
document on; a document it accepts is accepted, one it refuses is checked again by jsonschema,
which decides and words the message. Compiled checks are never more lenient than jsonschema
(``tests/test_schema_compiled.py`` holds them to that on thousands of damaged documents).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import FORMAT_VERSION, FormatError
from hzsubsidy_desktop.document.schema import application_schema
from hzsubsidy_desktop.formdef import DefinitionError, FormDefinition, load_definition
from hzsubsidy_desktop.values import amounts

if TYPE_CHECKING:
    import jsonschema

MAX_FILE_BYTES = 20 * 1024 * 1024


@functools.cache
def _validator(form_id: str) -> jsonschema.protocols.Validator:
    import jsonschema  # imported when first needed (30 ms): an import's compiled check rarely needs it

    schema = application_schema(load_definition(form_id))
    return jsonschema.Draft202012Validator(schema)


# Documents of one form checked by jsonschema alone before the schema is compiled (checking one
# file, as ``hzsubsidy validate`` does, is faster without compiling: 9 ms, about ten documents' check).
COMPILE_AFTER = 8
_checked: Counter[str] = Counter()


@functools.cache
def _compiled(form_id: str) -> Any:
    """The schema as a compiled check that only ever says yes quickly: a refusal is explained by jsonschema
    (:func:`_validator`), so it carries no error details — a third of the code, compiled in 9 ms instead of
    33 (by each of an import's reading workers)."""
    import fastjsonschema

    schema = _const_as_enum(application_schema(load_definition(form_id)))
    return fastjsonschema.compile(schema, use_default=False, detailed_exceptions=False)


_NAMED_SCHEMAS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def _const_as_enum(node: Any) -> Any:
    """A schema with each ``{"const": x}`` written as ``{"enum": [x]}`` (the same check; fastjsonschema cannot
    compile a ``const`` without error details). Names in ``properties`` and values in ``enum`` are not schemas."""
    if isinstance(node, list):
        return [_const_as_enum(v) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "const":
            continue
        if key in _NAMED_SCHEMAS and isinstance(value, dict):
            out[key] = {name: _const_as_enum(sub) for name, sub in value.items()}
        elif key in ("enum", "default", "examples"):
            out[key] = value
        else:
            out[key] = _const_as_enum(value)
    if "const" in node:
        one = {"enum": [node["const"]]}
        if "enum" in out:  # both: each must hold
            out["allOf"] = [*out.get("allOf", []), one]
        else:
            out.update(one)
    return out


def _passes_compiled(form_id: str, doc: dict[str, Any]) -> bool:
    """True when the compiled schema accepts ``doc`` (False: not compiled yet, or refused)."""
    _checked[form_id] += 1
    if _checked[form_id] <= COMPILE_AFTER:
        return False
    import fastjsonschema

    try:
        _compiled(form_id)(doc)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def check_document(doc: Any, *, owned: bool = False) -> tuple[FormDefinition, dict[str, Any]]:
    """Check a parsed document; returns its definition and the canonical document.

    ``owned``: the caller hands ``doc`` over (it has just parsed it and keeps no other reference), so
    the canonical document is made in place instead of in a copy.
    """
    if not isinstance(doc, dict):
        raise FormatError("内容不是申报数据（应为 JSON 对象）。")
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FormatError("缺少 format_version（格式版本），不是 hzsubsidy 的申报数据。")
    if version > FORMAT_VERSION:
        raise FormatError(
            f"文件的格式版本为 {version}，本程序只认识 {FORMAT_VERSION} 及以下，请升级 hzsubsidy。"
        )
    form_id = doc.get("form_id")
    if not isinstance(form_id, str):
        raise FormatError("缺少 form_id（申报表单），不是 hzsubsidy 的申报数据。")
    try:
        definition = load_definition(form_id)
    except DefinitionError as exc:
        raise FormatError(f"不认识的申报表单“{form_id[:40]}”。") from exc
    if _passes_compiled(form_id, doc):
        errors = []
    else:
        errors = sorted(_validator(form_id).iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [_describe(definition, e) for e in errors[:5]]
        more = f"（另有 {len(errors) - 5} 处）" if len(errors) > 5 else ""
        raise FormatError("申报数据不符合格式要求：" + "；".join(lines) + more + "。")
    return definition, canonical_amounts(definition, docs.canonical(definition, doc, in_place=owned))


def canonical_amounts(definition: FormDefinition, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with every amount written canonically ("6.00" → "6", "100.50" → "100.5").

    The schema admits up to four decimals with trailing zeros, as people and other programs
    write them; the store keeps one spelling per value so comparisons and revisions stay exact.
    Values that are not plain amounts are left for validation to report.
    """
    scalars, tables = _amount_fields(definition)
    for path in scalars:
        value = docs.get(doc, path)
        if isinstance(value, str) and _needs_rewriting(value):
            docs.put(doc, path, amounts.canonical_text(value))
    for path, keys in tables:
        rows = docs.get(doc, path)
        if not isinstance(rows, list):
            continue
        for row in rows:
            if isinstance(row, dict):
                for key in keys:
                    value = row.get(key)
                    if isinstance(value, str) and _needs_rewriting(value):
                        row[key] = amounts.canonical_text(value)
    return doc


def _needs_rewriting(value: str) -> bool:
    """A plain amount not written canonically (one regex for the usual, canonical, amount)."""
    if _CANONICAL_AMOUNT.fullmatch(value) and value != "-0":
        return False
    return _PLAIN_AMOUNT.match(value) is not None and amounts.canonical_text(value) != value


_AMOUNT_FIELDS: dict[int, tuple[FormDefinition, Any]] = {}


def _amount_fields(definition: FormDefinition) -> tuple[list[str], list[tuple[str, tuple[str, ...]]]]:
    """The pointers of the amount fields, and the amount columns of each table (path, keys)."""
    entry = _AMOUNT_FIELDS.get(id(definition))
    if entry is not None and entry[0] is definition:
        return entry[1]
    scalars = [f.path for f in definition.scalar_fields() if f.type in _AMOUNT_TYPES]
    tables = [(t.path, tuple(c.key for c in t.columns if c.type in _AMOUNT_TYPES)) for t in definition.tables()]
    found = (scalars, [(path, keys) for path, keys in tables if keys])
    if len(_AMOUNT_FIELDS) >= 64:
        _AMOUNT_FIELDS.clear()
    _AMOUNT_FIELDS[id(definition)] = (definition, found)
    return found


_AMOUNT_TYPES = ("money", "area")
_PLAIN_AMOUNT = re.compile(r"^-?\d{1,13}(\.\d{1,4})?$")
_CANONICAL_AMOUNT = re.compile(r"-?(0|[1-9]\d{0,12})(\.\d{0,3}[1-9])?")  # plain and canonical but "-0"


def _describe(definition: FormDefinition, error: jsonschema.ValidationError) -> str:
    pointer = "".join(f"/{docs.escape(str(p))}" for p in error.absolute_path)
    label = label_for(definition, pointer)
    if error.validator == "additionalProperties":
        return f"{label}（{pointer or '/'}）含有不认识的项目"
    if error.validator in ("pattern", "type", "enum", "const", "format"):
        return f"{label}（{pointer}）的值格式不正确"
    if error.validator in ("maxLength", "maxItems", "maxProperties", "maximum"):
        return f"{label}（{pointer}）超出长度或数量上限"
    return f"{label}（{pointer}）不符合要求"


def label_for(definition: FormDefinition, pointer: str) -> str:
    """The official label of the nearest field, table or group at or above ``pointer``."""
    tokens = docs.split_pointer(pointer)
    while tokens:
        path = "/" + "/".join(docs.escape(t) for t in tokens)
        if definition.has_field(path):
            return f"“{definition.field(path).label}”"
        for table in definition.tables():
            if table.path == path:
                return f"“{table.title}”"
        if path == "/expenditure":
            return f"“{definition.expenditure_title}”"
        if len(tokens) == 1:
            for group in definition.groups:
                if group.key == tokens[0]:
                    return f"“{group.title}”"
        tokens.pop()
    return "申报数据"


def read_application(data: bytes | str) -> tuple[FormDefinition, dict[str, Any]]:
    return check_document(docs.loads(data), owned=True)


def read_application_file(path: str | Path) -> tuple[FormDefinition, dict[str, Any]]:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FormatError(f"文件过大（{size // 1024 // 1024} MB），不是申报数据文件。")
        data = path.read_bytes()
    except FormatError:
        raise
    except IsADirectoryError as exc:
        raise FormatError(f"“{path.name}”是文件夹，不是申报数据文件。") from exc
    except FileNotFoundError as exc:
        raise FormatError(f"找不到文件“{path}”。") from exc
    except OSError as exc:
        raise FormatError(f"无法读取文件“{path.name}”：{exc.strerror or exc}。") from exc
    return read_application(data)
