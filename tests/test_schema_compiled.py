"""The compiled schema check (used for imports of many files) is never more lenient than jsonschema,
and an import past the compile threshold still refuses what the schema refuses, in Chinese."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import fastjsonschema
import pytest

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.interchange import application_file
from hzsubsidy_desktop.interchange.application_file import _compiled, _validator, check_document

ODD_VALUES: list[Any] = [
    None, True, False, 0, -1, 1.5, 10**30, "", " ", "x" * 5000, "１２３", "12.34567", "-0", "1e3", "NaN",
    "2024-13", "2024-02-30", "\u202e", [], [1, 1], ["跨境电商平台", "跨境电商平台"], {}, {"a": 1},
]


def leaves(node: Any, pointer: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, f"{pointer}/{docs.escape(key)}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from leaves(value, f"{pointer}/{i}")
    if pointer:
        yield pointer


def damaged_documents() -> Iterator[dict[str, Any]]:
    base = sample_application()
    for pointer in sorted(set(leaves(base))):
        for value in ODD_VALUES:
            doc = copy.deepcopy(base)
            docs.put(doc, pointer, copy.deepcopy(value))
            yield doc
        doc = copy.deepcopy(base)
        parent, _, last = pointer.rpartition("/")
        holder = docs.get(doc, parent) if parent else doc
        if isinstance(holder, dict):
            del holder[docs.split_pointer(pointer)[-1]]
            yield doc
            holder = docs.get(doc, parent) if parent else doc
            holder["unknown_key"] = "x"
            yield doc


def test_the_compiled_check_never_accepts_what_jsonschema_refuses():
    base = sample_application()
    compiled, reference = _compiled(base["form_id"]), _validator(base["form_id"])
    checked = refused = 0
    for doc in damaged_documents():
        snapshot = json.dumps(doc, sort_keys=True, default=str)
        try:
            compiled(doc)
        except fastjsonschema.JsonSchemaException:
            refused += 1
        else:
            assert not list(reference.iter_errors(doc)), snapshot[:300]
        assert json.dumps(doc, sort_keys=True, default=str) == snapshot  # checking changes nothing
        checked += 1
    assert checked > 1000 and refused > checked // 4


def test_past_the_threshold_a_bad_document_is_refused_with_the_same_message(monkeypatch):
    bad = sample_application()
    bad["project"]["total_investment"] = ["not", "an", "amount"]
    with pytest.raises(FormatError) as before:
        check_document(copy.deepcopy(bad))
    monkeypatch.setattr(application_file, "COMPILE_AFTER", 0)
    for _ in range(3):
        definition, doc = check_document(sample_application())
        assert doc["project"]["name"] == sample_application()["project"]["name"]
    with pytest.raises(FormatError) as after:
        check_document(copy.deepcopy(bad))
    assert after.value.message == before.value.message
    assert "总投资" in after.value.message or "total_investment" in after.value.message


def test_const_is_compiled_as_the_same_one_value_enum():
    schema = {
        "type": "object",
        "properties": {
            "const": {"const": 2},  # a property named "const" stays a property
            "both": {"const": "a", "enum": ["a", "b"]},
            "nested": {"type": "array", "items": {"const": {"const": 1}}},  # a value is not a schema
        },
        "enum": [{"const": 2}, {"const": 2, "both": "a"}, {"nested": [{"const": 1}]}, {"both": "b"}],
    }
    converted = application_file._const_as_enum(schema)
    assert converted["properties"]["const"] == {"enum": [2]}
    assert converted["properties"]["both"] == {"enum": ["a", "b"], "allOf": [{"enum": ["a"]}]}
    assert converted["properties"]["nested"]["items"] == {"enum": [{"const": 1}]}
    assert converted["enum"] == schema["enum"]
    check = fastjsonschema.compile(converted, detailed_exceptions=False)
    for good in ({"const": 2}, {"const": 2, "both": "a"}, {"nested": [{"const": 1}]}):
        assert check(good) == good
    for bad in ({"const": 3}, {"both": "b"}, {"nested": [{"const": 2}]}, {"const": 2, "both": "c"}):
        with pytest.raises(fastjsonschema.JsonSchemaException):
            check(bad)
