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
def test_not_a_zip(tmp_path, clerk_db):
    reason = rejected(clerk_db, hostile.not_a_zip(tmp_path / "a.hzsub"))
    assert reason == "“a.hzsub”不是报送文件：文件不是 zip 压缩包。"


def test_empty_file(tmp_path, clerk_db):
    assert "是空文件" in rejected(clerk_db, hostile.empty_file(tmp_path / "a.hzsub"))


def test_truncated_file(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.truncated(genuine, tmp_path / "a.hzsub"))
    assert "已损坏或不完整" in reason and "重新发送" in reason


def test_corrupted_member_data(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.corrupted_member(genuine, tmp_path / "a.hzsub"))
    assert "“application.json”" in reason and "损坏" in reason


def test_missing_member(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.missing_member(genuine, tmp_path / "a.hzsub"))
    assert reason == "“a.hzsub”缺少“application.json”，不是完整的报送文件。"


def test_missing_manifest(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.missing_manifest(genuine, tmp_path / "a.hzsub"))
    assert "缺少 manifest.json" in reason


def test_member_hash_wrong(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.tampered_member(genuine, tmp_path / "a.hzsub"))
    assert reason == "“a.hzsub”中的“application.json”校验值（SHA-256）与清单不符，文件已被修改或损坏。"


def test_member_size_wrong(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.resized_member(genuine, tmp_path / "a.hzsub"))
    assert "“application.json”大小与清单不符" in reason


def test_unknown_newer_format_version(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.newer_format(genuine, tmp_path / "a.hzsub"))
    assert "格式版本为 99，本程序只认识 1 及以下" in reason and "请升级" in reason


def test_too_many_members(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.too_many_members(genuine, tmp_path / "a.hzsub"))
    assert "含有 204 个文件，超过上限 16" in reason


def test_zip_bomb_by_compression_ratio(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.zip_bomb(genuine, tmp_path / "a.hzsub"))
    assert "“bomb.docx”压缩比异常" in reason and "疑似压缩炸弹" in reason


def test_member_declared_larger_than_the_limit(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.oversized_member(genuine, tmp_path / "a.hzsub"))
    assert "“application.json”解压后" in reason and "超过上限 20 MB" in reason


def test_member_inflating_past_its_declared_size(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.lying_size(genuine, tmp_path / "a.hzsub"))
    assert "“application.json”" in reason and "损坏" in reason


@pytest.mark.parametrize("name", ["../../evil.bat", "/etc/cron.d/evil", "C:\\Windows\\evil.bat", "docs/../../x"])
def test_member_path_outside_the_archive(tmp_path, clerk_db, genuine, name):
    reason = rejected(clerk_db, hostile.path_outside(genuine, tmp_path / "a.hzsub", name))
    assert "路径不安全" in reason and name[:20] in reason


def test_duplicate_member_name(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.duplicate_member(genuine, tmp_path / "a.hzsub"))
    assert "“application.json”出现了两次" in reason


def test_link_member(tmp_path, clerk_db, genuine):
    assert "是链接" in rejected(clerk_db, hostile.symlink_member(genuine, tmp_path / "a.hzsub"))


def test_encrypted_member(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.encrypted_member(genuine, tmp_path / "a.hzsub"))
    assert "“application.json”已加密，无法检查" in reason


def test_file_larger_than_any_submission(tmp_path, clerk_db):
    reason = rejected(clerk_db, hostile.huge_file(tmp_path / "a.hzsub"))
    assert reason == "“a.hzsub”过大（101 MB，上限 100 MB），不像报送文件，已拒收。"


def test_invalid_application_json(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.invalid_json(genuine, tmp_path / "a.hzsub"))
    assert reason.startswith("“a.hzsub”中的申报数据无效：不是有效的 JSON")


def test_invalid_manifest_json(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.invalid_manifest_json(genuine, tmp_path / "a.hzsub"))
    assert reason.startswith("“a.hzsub”中的“manifest.json”无效：不是有效的 JSON")


def test_application_not_matching_the_schema(tmp_path, clerk_db, genuine):
    reason = rejected(clerk_db, hostile.schema_mismatch(genuine, tmp_path / "a.hzsub"))
    assert "申报数据不符合格式要求" in reason and "总投资（投入）（万元）" in reason


@pytest.mark.parametrize(("key", "label"), [("credit_code", "统一社会信用代码"), ("project_name", "项目名称")])
def test_manifest_disagreeing_with_the_application(tmp_path, clerk_db, genuine, key, label):
    reason = rejected(clerk_db, hostile.manifest_disagrees(genuine, tmp_path / "a.hzsub", key, "91330523MA2B7Q5K66"))
    assert f"清单与申报数据不一致：{label}不同" in reason


def test_file_of_another_kind(tmp_path, clerk_db):
    path = tmp_path / "申报.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert "不是可导入的文件" in rejected(clerk_db, path)


def test_missing_file(tmp_path, clerk_db):
    assert "找不到文件" in rejected(clerk_db, tmp_path / "gone.hzsub")


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
