"""Reading a document by JSON Pointer: the short cuts for /<group>/<key> read what a plain walk reads."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hzsubsidy_desktop import document as docs

_MISSING = object()


def plain_walk(doc: Any, pointer: str, default: Any) -> Any:
    """RFC 6901 read, token by token, without any short cut."""
    node = doc
    for token in docs.split_pointer(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdecimal() and int(token) < len(node):
            node = node[int(token)]
        else:
            return default
    return node


class Mapping(dict):
    """A dict subclass: not the exact type the short cuts look for."""


_KEYS = st.sampled_from(["project", "name", "0", "1", "a/b", "m~n", "", "²", "٣"])  # ²: a digit int() refuses
_LEAVES = st.one_of(st.none(), st.integers(-2, 2), st.text(max_size=3), st.booleans())
_NODES = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(_KEYS, inner, max_size=4),
        st.dictionaries(_KEYS, inner, max_size=4).map(Mapping),
    ),
    max_leaves=12,
)
_POINTERS = st.lists(_KEYS, min_size=0, max_size=3).map(lambda ts: "".join("/" + docs.escape(t) for t in ts))


@settings(max_examples=1500)
@given(doc=_NODES, pointer=_POINTERS, default=st.sampled_from([None, _MISSING, 0]))
def test_get_reads_what_a_plain_walk_reads(doc, pointer, default):
    assert docs.get(doc, pointer, default) is plain_walk(doc, pointer, default) or (
        docs.get(doc, pointer, default) == plain_walk(doc, pointer, default)
    )


def test_group_keys_are_read_in_two_steps():
    doc = {"project": {"name": "展示中心", "empty": None}, "plan": [{"invested": "10"}]}
    assert docs.get(doc, "/project/name") == "展示中心"
    assert docs.get(doc, "/project/empty", "x") is None  # present and null: null, not the default
    assert docs.get(doc, "/project/absent", "x") == "x"
    assert docs.get(doc, "/plan/0") == {"invested": "10"}
    assert docs.get({"project": ["a"]}, "/project/0") == "a"
