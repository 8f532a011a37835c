"""The .hzsub submission file: what the enterprise packs, and every way a file from outside is refused.

Every hostile case is imported into a clerk's database that already holds an application; the
test asserts the Chinese reason the clerk sees and that the database file's bytes are unchanged.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import hostile_files as hostile
import pytest
from corpus.generate import ARCHIVE_CASES

from hzsubsidy_desktop.county import import_files
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.export import ExportBlocked
from hzsubsidy_desktop.interchange.submission import (
    SubmissionRejected,
    pack_application,
    read_submission,
    submission_file_name,
)
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.workspace import Workspace


@pytest.fixture(scope="module")
def genuine(tmp_path_factory) -> Path:
    """A real submission file packed by the app from the sample application."""
    base = tmp_path_factory.mktemp("genuine")
    with Store(base / "enterprise.sqlite3") as store:
        app_id = Workspace(store).add_document(sample_application())
        return pack_application(store, app_id, base / "out")


@pytest.fixture(scope="module")
def other_genuine(tmp_path_factory) -> Path:
    """A second enterprise's submission, imported before every hostile file arrives."""
    base = tmp_path_factory.mktemp("other")
    doc = sample_application()
    doc["project"]["name"] = "安吉白茶跨境电商线上产业带专区项目"
    with Store(base / "enterprise.sqlite3") as store:
        app_id = Workspace(store).add_document(doc)
        return pack_application(store, app_id, base / "out")


@pytest.fixture
def clerk_db(tmp_path, other_genuine) -> Path:
    path = tmp_path / "clerk.sqlite3"
    with Store(path) as store:
        assert [o.status for o in import_files(store, [other_genuine])] == ["imported"]
    return path


def rejected(db_path: Path, file: Path) -> str:
    """Import ``file``; assert it was rejected and the database bytes are unchanged; return the reason."""
    before = db_path.read_bytes()
    with Store(db_path) as store:
        outcomes = import_files(store, [file])
        assert len(store.summaries()) == 1
    assert db_path.read_bytes() == before
    assert not Path(str(db_path) + "-wal").exists() or Path(str(db_path) + "-wal").stat().st_size == 0
    assert [o.status for o in outcomes] == ["rejected"], outcomes
    if file.suffix == ".hzsub":
        with pytest.raises(SubmissionRejected) as info:
            read_submission(file)
        assert info.value.message == outcomes[0].message
    return outcomes[0].message


# -- what the enterprise packs -------------------------------------------------------------------
def test_pack_writes_credit_code_and_project_name_file(genuine, sample):
    assert genuine.name == f"{sample['enterprise']['credit_code']}_{sample['project']['name']}.hzsub"


def test_pack_holds_manifest_application_and_exported_documents(genuine, sample):
    with zipfile.ZipFile(genuine) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        application = json.loads(archive.read("application.json"))
        docx_name = next(n for n in names if n.endswith(".docx"))
        xlsx_name = next(n for n in names if n.endswith(".xlsx"))
        with zipfile.ZipFile(io.BytesIO(archive.read(docx_name))) as inner:
            assert "word/document.xml" in inner.namelist()
        with zipfile.ZipFile(io.BytesIO(archive.read(xlsx_name))) as inner:
            assert "xl/workbook.xml" in inner.namelist()
    assert manifest["kind"] == "hzsubsidy-submission"
    assert manifest["format_version"] == 1
    assert manifest["app_version"]
    assert manifest["created_at"][:2] == "20"
    assert manifest["form_id"] == "zj-cbec-2024"
    assert manifest["credit_code"] == sample["enterprise"]["credit_code"]
    assert manifest["project_name"] == sample["project"]["name"]
    assert manifest["revision"] == 1
    assert len(manifest["submission_id"]) == 32
    assert set(manifest["members"]) == {"application.json", docx_name, xlsx_name}
    assert application["project"] == sample["project"]


def test_every_member_hash_and_size_is_in_the_manifest(genuine):
    import hashlib

    with zipfile.ZipFile(genuine) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        for name, meta in manifest["members"].items():
            data = archive.read(name)
            assert meta == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def test_read_submission_returns_the_application(genuine, sample, definition):
    sub = read_submission(genuine)
    assert sub.definition.id == definition.id
    assert sub.doc["expenditure"] == sample["expenditure"]
    assert sub.revision == 1


def test_submission_id_stays_and_revision_grows_across_resends(tmp_path, sample):
    with Store(tmp_path / "e.sqlite3") as store:
        ws = Workspace(store)
        app_id = ws.add_document(sample)
        first = read_submission(pack_application(store, app_id, tmp_path / "out"))
        ws.edit(app_id, "/project/subsidy_requested", "140")
        second = read_submission(pack_application(store, app_id, tmp_path / "out"))
        assert store.summary(app_id).revision == 2
    assert second.submission_id == first.submission_id
    assert (first.revision, second.revision) == (1, 2)
    assert second.doc["project"]["subsidy_requested"] == "140"


def test_application_with_errors_is_not_packed_unless_draft(tmp_path, sample):
    doc = sample
    doc["project"]["subsidy_requested"] = "5000"  # more than the related costs: an error
    with Store(tmp_path / "e.sqlite3") as store:
        app_id = Workspace(store).add_document(doc)
        with pytest.raises(ExportBlocked):
            pack_application(store, app_id, tmp_path / "out")
        assert not list(tmp_path.rglob("*.hzsub"))
        assert store.summary(app_id).revision == 0
        draft = pack_application(store, app_id, tmp_path / "out", draft=True)
    sub = read_submission(draft)
    assert sub.manifest["draft"] is True
    assert any("草稿" in name for name in sub.manifest["members"])


def test_file_name_is_sanitised(sample):
    sample["project"]["name"] = '跨境/电商:中心*?"<>|项目  '
    name = submission_file_name(sample)
    assert name == f"{sample['enterprise']['credit_code']}_跨境_电商_中心______项目.hzsub"
    sample["project"]["name"] = ""
    assert submission_file_name(sample).endswith("_未命名项目.hzsub")


# -- hostile files: each rejected with its reason, the database untouched -------------------------
# The damaged and malicious archives are the corpus's (tests/corpus/generate.py, ARCHIVE_CASES): here
# each goes through the importer in this process; tests/test_hostile_corpus.py runs them through the CLI.
@pytest.mark.parametrize("case", ARCHIVE_CASES, ids=[c.name for c in ARCHIVE_CASES])
def test_every_hostile_archive_of_the_corpus_is_refused_with_its_reason(tmp_path, clerk_db, genuine, case):
    file = case.build(genuine, tmp_path / f"{case.name}.hzsub")
    reason = rejected(clerk_db, file)
    assert reason.startswith(f"“{case.name}.hzsub”") and case.message in reason, (case.description, reason)


def test_file_of_another_kind(tmp_path, clerk_db):
    path = tmp_path / "申报.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert "不是可导入的文件" in rejected(clerk_db, path)


def test_missing_file(tmp_path, clerk_db):
    assert "找不到文件" in rejected(clerk_db, tmp_path / "gone.hzsub")
    # a mistyped name of no known kind is missing too, not "not importable"
    assert "找不到文件" in rejected(clerk_db, tmp_path / "gone")


def test_a_folder_of_good_and_bad_files_imports_only_the_good(tmp_path, clerk_db, genuine):
    folder = tmp_path / "收件"
    (folder / "第二批").mkdir(parents=True)
    (folder / "第二批" / genuine.name).write_bytes(genuine.read_bytes())
    hostile.tampered_member(genuine, folder / "tampered.hzsub")
    hostile.not_a_zip(folder / "note.hzsub")
    (folder / "readme.txt").write_text("not imported")
    with Store(clerk_db) as store:
        outcomes = import_files(store, [folder])
        assert sorted(o.status for o in outcomes) == ["imported", "rejected", "rejected"]
        assert len(store.summaries()) == 2


def test_a_member_that_fails_its_crc_is_refused_even_when_its_json_still_parses(genuine, tmp_path):
    """The manifest has no hash of its own: zipfile's CRC-32 is what notices a changed byte in it."""
    from hzsubsidy_desktop.interchange.safe_archive import MANIFEST, SafeArchive

    with zipfile.ZipFile(genuine) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    raw = members[MANIFEST]
    at = raw.index(b'"revision": ') + len(b'"revision": ')
    changed = tmp_path / "changed.hzsub"
    with zipfile.ZipFile(changed, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    blob = bytearray(changed.read_bytes())
    offset = blob.index(raw) + at
    blob[offset] = ord("7") if blob[offset] != ord("7") else ord("8")  # still a number: still valid JSON
    changed.write_bytes(bytes(blob))
    with pytest.raises(SubmissionRejected, match="已损坏或不完整") as refused:
        with SafeArchive(changed) as archive:
            archive.read_json(MANIFEST)
    assert "changed.hzsub" in refused.value.message
