"""Fuzzing the importer (:func:`county.import_files`) with damaged submission files.

Starting from a genuine ``.hzsub`` packed by the app, hypothesis flips, truncates and inserts
bytes (mostly where the zip's structure and the application data are), and replaces the
application JSON or manifest values with arbitrary JSON whose hashes are made to match. Whatever
arrives: no exception escapes, every outcome is one of the documented statuses with a Chinese
message, a rejected file leaves the database file byte for byte as it was, and an accepted
application can be validated.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import zipfile
from pathlib import Path

import hostile_files as hostile
import pytest
from corpus.generate import central_directory, hzsub_with_application
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.county import STATUSES, import_files
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.formdef import load_definition
from hzsubsidy_desktop.interchange.submission import pack_application
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.validation import validate
from hzsubsidy_desktop.workspace import Workspace

CJK = re.compile(r"[\u4e00-\u9fff]")
FUZZ = settings(
    max_examples=300, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def genuine(base) -> Path:
    with Store(base / "enterprise.sqlite3") as store:
        return pack_application(store, Workspace(store).add_document(sample_application()), base / "out")


@pytest.fixture(scope="module")
def baseline(base) -> bytes:
    """A clerk's database already holding another enterprise's project (file bytes, settled)."""
    other = sample_application()
    other["project"]["name"] = "安吉白茶跨境电商线上产业带专区项目"
    with Store(base / "other.sqlite3") as store:
        packed = pack_application(store, Workspace(store).add_document(other), base / "other")
    db = base / "baseline.sqlite3"
    with Store(db) as store:
        assert [o.status for o in import_files(store, [packed])] == ["imported"]
    return db.read_bytes()


def regions(path: Path) -> list[tuple[int, int]]:
    """Byte ranges worth damaging: each local header with its name, the data of application.json
    and manifest.json (of a workbook: the hidden data sheet and workbook.xml), the central
    directory and its end record."""
    data = path.read_bytes()
    out = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26: info.header_offset + 30])
            start = info.header_offset + 30 + name_len + extra_len
            out.append((info.header_offset, start))
            if info.filename in (hostile.APPLICATION, hostile.MANIFEST, "xl/worksheets/sheet3.xml", "xl/workbook.xml"):
                out.append((start, start + info.compress_size))
    directory = central_directory(data)
    out.append((directory, len(data)))
    out.extend((directory + 46 * i, directory + 46 * i + 12) for i in range(4))  # entries' versions and flags
    out.append((data.rfind(b"PK\x05\x06"), len(data)))
    return out


def check_import(path: Path, work: Path, baseline: bytes) -> list:
    """Import ``path`` into a copy of the baseline database and check the properties."""
    db = work / "clerk.sqlite3"
    for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        leftover.unlink(missing_ok=True)
    db.write_bytes(baseline)
    with Store(db) as store:
        outcomes = import_files(store, [path])  # must not raise
        assert outcomes, "an outcome for every file"
        for o in outcomes:
            assert o.status in STATUSES
            assert isinstance(o.message, str) and CJK.search(o.message), o
            assert "Traceback" not in o.message and "codec can't" not in o.message, o.message
        accepted = [o for o in outcomes if o.status != "rejected"]
        for o in accepted:
            summary = store.summary(o.app_id)
            definition = load_definition(summary.form_id)
            report = validate(definition, docs.canonical(definition, store.load(o.app_id)))
            assert report.status() in ("error", "explain", "warning", "ready")
    if not accepted:
        assert db.read_bytes() == baseline, "a rejected file changed the database"
    return outcomes


# -- byte-level damage ---------------------------------------------------------------------------
KINDS = ("flip", "set", "insert", "delete", "truncate")
WORDS = (b"\x00\x00\x00\x00", b"\xff\xff\xff\xff", b"\x7f\xff\xff\xff", b"PK\x03\x04", b"../.")
# a damage: (kind, which region, where in it (0..1), a byte or word or inserted bytes)
damages = st.lists(st.tuples(
    st.sampled_from(KINDS), st.integers(0, 63), st.floats(0, 1, exclude_max=True),
    st.one_of(st.integers(1, 255), st.sampled_from(WORDS), st.binary(min_size=1, max_size=16)),
), min_size=1, max_size=4)


def damage(data: bytes, spans: list[tuple[int, int]], steps) -> bytes:
    out = bytearray(data)
    for kind, region, where, arg in steps:
        start, end = spans[region % len(spans)]
        end = min(end, len(out))
        if start >= end:
            continue
        at = start + int(where * (end - start))
        if kind == "flip":
            out[at] ^= arg if isinstance(arg, int) else 0xA5
        elif kind == "set":
            out[at:at + 4] = arg if isinstance(arg, bytes) else bytes([arg]) * 4
        elif kind == "insert":
            out[at:at] = arg if isinstance(arg, bytes) else bytes([arg])
        elif kind == "delete":
            del out[at:at + (arg if isinstance(arg, int) else len(arg))]
        else:
            del out[at:]
    return bytes(out)


@pytest.fixture(scope="module")
def byte_cases(genuine):
    return genuine.read_bytes(), regions(genuine)


def test_damaged_bytes(byte_cases, base, baseline):
    data, spans = byte_cases
    work = base / "bytes"
    work.mkdir(exist_ok=True)
    seen: set[str] = set()

    @FUZZ
    @given(damages)
    def run(steps) -> None:
        path = work / "in.hzsub"
        path.write_bytes(damage(data, spans, steps))
        seen.update(o.status for o in check_import(path, work, baseline))

    run()
    assert "rejected" in seen


@pytest.fixture(scope="module")
def genuine_workbook(base) -> Path:
    from hzsubsidy_desktop.export import export_application

    result = export_application(load_definition(), sample_application(), base / "exported")
    # stored, not deflated: damaged bytes then reach the XML parser instead of failing decompression
    members = {}
    with zipfile.ZipFile(result.xlsx) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    path = base / "stored.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_damaged_workbook_bytes(genuine_workbook, base, baseline):
    data, spans = genuine_workbook.read_bytes(), regions(genuine_workbook)
    work = base / "xlsx"
    work.mkdir(exist_ok=True)
    seen: set[str] = set()

    @settings(FUZZ, max_examples=100)
    @given(damages)
    def run(steps) -> None:
        path = work / "in.xlsx"
        path.write_bytes(damage(data, spans, steps))
        seen.update(o.status for o in check_import(path, work, baseline))

    run()
    assert "rejected" in seen


# -- application JSON and manifest replaced, hashes made to match ---------------------------------
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.sampled_from(["600", "-1", "1" * 30, "NaN", "Infinity", "2024-13", "=1+1", "\x1b[2J"]),
)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=10)
POINTERS = [
    "", "/format_version", "/form_id", "/enterprise", "/enterprise/name", "/enterprise/credit_code",
    "/enterprise/profit", "/project", "/project/name", "/project/types", "/project/start", "/project/total_investment",
    "/plan", "/plan/0", "/plan/0/invested", "/expenditure", "/expenditure/software", "/expenditure/software/0",
    "/expenditure/software/0/spent", "/conditions/suppliers", "/undertakings/policy", "/explanations",
    "/explanations/x@~1project~1name",
]


def with_value(pointer: str, value) -> dict | object:
    doc = sample_application()
    if not pointer:
        return value
    tokens = docs.split_pointer(pointer)
    parent = docs.get(doc, "/" + "/".join(docs.escape(t) for t in tokens[:-1])) if len(tokens) > 1 else doc
    if isinstance(parent, list):
        parent[int(tokens[-1])] = value
    else:
        parent[tokens[-1]] = value
    return doc


def encode(doc, style: str) -> bytes:
    text = json.dumps(doc, ensure_ascii=style == "ascii", allow_nan=True)
    return text.encode("utf-8", "surrogatepass") if style != "bom" else b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")


def test_replaced_application_json(genuine, base, baseline):
    work = base / "json"
    work.mkdir(exist_ok=True)
    seen: set[str] = set()

    @FUZZ
    @given(st.sampled_from(POINTERS), json_values, st.sampled_from(["ascii", "utf8", "bom"]))
    def run(pointer: str, value, style: str) -> None:
        data = encode(with_value(pointer, value), style)
        path = hzsub_with_application(genuine, work / "in.hzsub", data)
        seen.update(o.status for o in check_import(path, work, baseline))

    run()
    assert {"rejected", "imported"} <= seen


MANIFEST_KEYS = ["kind", "format_version", "submission_id", "revision", "form_id", "credit_code", "project_name",
                 "members", "draft"]


def test_replaced_manifest_values(genuine, base, baseline):
    work = base / "manifest"
    work.mkdir(exist_ok=True)
    seen: set[str] = set()

    @settings(FUZZ, max_examples=150)
    @given(st.sampled_from(MANIFEST_KEYS), json_values)
    def run(key: str, value) -> None:
        manifest, members = hostile.read_members(genuine)
        manifest[key] = value
        path = work / "in.hzsub"
        hostile.build(path, json.dumps(manifest, allow_nan=True).encode("utf-8", "surrogatepass"), members)
        seen.update(o.status for o in check_import(path, work, baseline))

    run()
    assert "rejected" in seen


def test_the_genuine_file_is_imported(genuine, base, baseline):
    work = base / "genuine"
    work.mkdir(exist_ok=True)
    path = work / "copy.hzsub"
    shutil.copy(genuine, path)
    assert [o.status for o in check_import(path, work, baseline)] == ["imported"]
