"""The application document: the interchange JSON as a plain dict, addressed by JSON Pointer.

Shape (see ``hzsubsidy schema``)::

    {"format_version": 1, "form_id": "zj-cbec-2024",
     "enterprise": {...}, "project": {...}, "narrative": {...}, "conditions": {...},
     "undertakings": {...}, "plan": [{...}, ...],
     "expenditure": {"equipment": [{...}], ...}, "explanations": {"<code>@<pointer>": "..."}}

Money is a string in 万元 ("120.5"), exact; an empty value is an absent key.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from hzsubsidy_desktop.errors import AppError

if TYPE_CHECKING:  # only annotations: the store needs this module, start-up need not load the definitions
    from hzsubsidy_desktop.formdef import FormDefinition

FORMAT_VERSION = 1


class FormatError(AppError, ValueError):
    """Input that is not an application this program can read; the message is Chinese."""


def split_pointer(pointer: str) -> list[str]:
    return list(_tokens(pointer))


@functools.lru_cache(maxsize=16384)
def _tokens(pointer: str) -> tuple[str, ...]:
    # Validation and the totals read the same few hundred pointers for every document and keystroke.
    if pointer == "":
        return ()
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON Pointer: {pointer!r}")
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/"))


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


_ABSENT = object()


def get(doc: Any, pointer: str, default: Any = None) -> Any:
    tokens = _tokens(pointer)
    if len(tokens) == 2 and type(doc) is dict:  # /<group>/<key>, nearly every pointer read: two look-ups
        node = doc.get(tokens[0])
        if type(node) is dict:
            return node.get(tokens[1], default)
    node = doc
    for token in tokens:
        if isinstance(node, dict):
            node = node.get(token, _ABSENT)
            if node is _ABSENT:
                return default
        elif isinstance(node, list) and token.isdecimal() and int(token) < len(node):
            node = node[int(token)]
        else:
            return default
    return node


def put(doc: dict[str, Any], pointer: str, value: Any) -> None:
    """Set (or, with ``None``/empty, remove) the value at ``pointer``, creating objects on the way."""
    tokens = split_pointer(pointer)
    node: Any = doc
    for i, token in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        if isinstance(node, list):
            node = node[int(token)]
            continue
        if token not in node or node[token] is None:
            node[token] = [] if nxt.isdecimal() else {}
        node = node[token]
    last = tokens[-1]
    empty = value is None or value == "" or value == []
    if isinstance(node, list):
        node[int(last)] = value
    elif empty:
        node.pop(last, None)
    else:
        node[last] = value


def new_document(definition: FormDefinition) -> dict[str, Any]:
    """A blank application with the plan's default rows and empty expenditure categories."""
    doc: dict[str, Any] = {"format_version": FORMAT_VERSION, "form_id": definition.id}
    for group in definition.groups:
        doc[group.key] = {}
    doc["plan"] = [dict(row) for row in definition.plan.default_rows]
    doc["expenditure"] = {c.key: [] for c in definition.categories}
    doc["explanations"] = {}
    return doc


def dumps(doc: dict[str, Any]) -> str:
    """Serialise for files: stable key order, Chinese kept readable."""
    return json.dumps(doc, ensure_ascii=False, indent=2, default=json_default)


def json_default(value: Any) -> Any:
    """``json.dumps(default=…)`` for documents: a Decimal as its exact text."""
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"not serialisable: {type(value).__name__}")


def loads(data: bytes | str) -> dict[str, Any]:
    """Parse untrusted JSON text into a document, or raise :class:`FormatError` (Chinese)."""
    decoded = isinstance(data, bytes)
    if decoded:
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FormatError("文件不是 UTF-8 编码的 JSON 文本。") from exc
    try:
        doc = json.loads(
            data, parse_constant=_reject_constant, parse_int=_parse_int, object_pairs_hook=_unique_keys
        )
    except FormatError:
        raise
    except RecursionError as exc:
        raise FormatError("JSON 嵌套层数过多，不是申报数据文件。") from exc
    except json.JSONDecodeError as exc:
        raise FormatError(f"不是有效的 JSON：第{exc.lineno}行第{exc.colno}列附近有错误。") from exc
    if not isinstance(doc, dict):
        raise FormatError("文件内容不是申报数据（应为 JSON 对象）。")
    # UTF-8 decoding never yields a surrogate: in decoded text only a \u escape can be one.
    if (not decoded or "\\u" in data) and _MAYBE_SURROGATE.search(data):
        _reject_lone_surrogates(doc)
    return doc


# "\ud800" in JSON text decodes to a lone surrogate: no file format (UTF-8, SQLite, XML) can hold it.
_MAYBE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")


def _reject_lone_surrogates(doc: Any) -> None:
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                where = f"{pointer}/{escape(key)}"
                _check_text(key, where)
                stack.append((where, value))
        elif isinstance(node, list):
            stack.extend((f"{pointer}/{i}", value) for i, value in enumerate(node))
        elif isinstance(node, str):
            _check_text(node, pointer)


def _check_text(text: str, pointer: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FormatError(f"JSON 中 {pointer} 处含有无效的字符（不成对的 UTF-16 代理码），不是有效的文本。") from exc


MAX_INTEGER_DIGITS = 30


def _parse_int(text: str) -> int:
    # Python refuses to convert more than 4,300 digits (ValueError); no value of a form has 30.
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise FormatError(f"JSON 中有一个 {len(text.lstrip('-'))} 位的整数，超出了任何填报项的范围，不是有效的申报数据。")
    return int(text)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # With a repeated key, JSON readers disagree on which value counts: refuse instead of guessing.
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise FormatError(f"JSON 中同一个对象里的键“{key[:40]}”出现了两次，无法确定以哪个为准。")
            seen.add(key)
    return out


def _reject_constant(name: str) -> Any:
    raise FormatError(f"JSON 中出现了不允许的数值 {name}。")


_ATOMS = frozenset({str, int, float, bool, type(None), Decimal})


def copy_json(node: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists, immutable scalars), several times faster than
    :func:`copy.deepcopy`; anything else inside is copied by :func:`copy.deepcopy`."""
    kind = type(node)
    if kind is dict:
        return {k: v if type(v) in _ATOMS else copy_json(v) for k, v in node.items()}
    if kind is list:
        return [v if type(v) in _ATOMS else copy_json(v) for v in node]
    if kind in _ATOMS:
        return node
    return copy.deepcopy(node)


def iter_leaves(doc: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every scalar or list-of-scalars value with its pointer (multichoice lists are leaves)."""
    out: list[tuple[str, Any]] = []
    if isinstance(doc, dict):
        for key, value in doc.items():
            out.extend(iter_leaves(value, f"{prefix}/{escape(key)}"))
    elif isinstance(doc, list) and any(isinstance(v, (dict, list)) for v in doc):
        for i, value in enumerate(doc):
            out.extend(iter_leaves(value, f"{prefix}/{i}"))
    else:
        out.append((prefix, doc))
    return out


def canonical(definition: FormDefinition, doc: dict[str, Any], *, in_place: bool = False) -> dict[str, Any]:
    """``doc`` with every group, table and category present (empty when unused).

    A copy, unless ``in_place`` (for a caller that owns ``doc``, e.g. one it has just parsed).
    """
    out = doc if in_place else copy_json(doc)
    out["format_version"] = doc.get("format_version", FORMAT_VERSION)
    out["form_id"] = doc.get("form_id", definition.id)
    for group in definition.groups:
        if not isinstance(out.get(group.key), dict):
            out[group.key] = {}
    if not isinstance(out.get("plan"), list):
        out["plan"] = []
    expenditure = out.get("expenditure")
    if not isinstance(expenditure, dict):
        expenditure = out["expenditure"] = {}
    for cat in definition.categories:
        if not isinstance(expenditure.get(cat.key), list):
            expenditure[cat.key] = []
    if not isinstance(out.get("explanations"), dict):
        out["explanations"] = {}
    return out
