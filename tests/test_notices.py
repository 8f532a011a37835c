"""Notices as data: extra notice folders beside the shipped one, choosing among them, and the
county side with applications of two notices in one database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_cli
from notice_helpers import NEXT_ID, NEXT_TITLE, install_notice

from hzsubsidy_desktop import county
from hzsubsidy_desktop.county.notice_choice import choose_notice
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.formdef import DefinitionError, load_definition, notices
from hzsubsidy_desktop.workspace import Workspace

SHIPPED_ID = "zj-cbec-2024"


@pytest.fixture
def extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder named by HZSUBSIDY_FORMS holding next year's notice."""
    root = tmp_path / "extra-forms"
    root.mkdir()
    install_notice(root)
    monkeypatch.setenv(notices.FORMS_ENV, str(root))
    return root


def test_only_the_shipped_notice_by_default():
    found = notices.installed()
    assert [(n.id, n.origin) for n in found.notices] == [(SHIPPED_ID, notices.SHIPPED)]
    assert found.problems == () and found.newest().id == SHIPPED_ID


def test_a_folder_from_the_environment_adds_a_notice_and_becomes_the_newest(extra):
    found = notices.installed()
    assert [(n.id, n.origin) for n in found.notices] == [
        (SHIPPED_ID, notices.SHIPPED), (NEXT_ID, notices.FROM_ENV)]
    assert found.newest().id == NEXT_ID
    definition = load_definition(NEXT_ID)
    assert definition.title == NEXT_TITLE and definition.source == extra / NEXT_ID


def test_the_user_data_folder_adds_a_notice(tmp_path):
    install_notice(tmp_path / "user-data" / "hzsubsidy" / "forms")  # XDG_DATA_HOME is tmp_path/user-data
    assert {n.id: n.origin for n in notices.installed().notices}[NEXT_ID] == notices.FROM_USER


@pytest.mark.system
def test_a_broken_extra_folder_is_named_and_the_shipped_notice_still_works(extra):
    broken = extra / "zj-cbec-2026"
    broken.mkdir()
    (broken / "form.toml").write_text('id = "zj-cbec-2026"\ncolour = "red"\n', encoding="utf-8")
    found = notices.installed()
    assert found.ids() == [SHIPPED_ID, NEXT_ID]
    [problem] = found.problems
    assert str(broken) in problem and "无法使用" in problem
    assert load_definition(SHIPPED_ID).id == SHIPPED_ID

    result = run_cli("forms", db=extra.parent / "db.sqlite3")
    assert result.returncode == 0
    assert SHIPPED_ID in result.stdout and NEXT_ID in result.stdout
    assert f"附加的申报通知文件夹“{broken}”无法使用" in result.stderr


def test_an_extra_notice_cannot_replace_the_shipped_one(tmp_path, monkeypatch):
    root = tmp_path / "extra"
    install_notice(root, SHIPPED_ID, title="冒充的通知")
    monkeypatch.setenv(notices.FORMS_ENV, str(root))
    found = notices.installed()
    assert [n.origin for n in found.notices] == [notices.SHIPPED]
    assert "同名" in found.problems[0]
    assert load_definition(SHIPPED_ID).title != "冒充的通知"


@pytest.mark.parametrize("form_id", ["../zj-cbec-2024", "/etc", "a/b", "", ".hidden"])
def test_a_form_id_is_never_a_path(form_id):
    with pytest.raises(DefinitionError, match="没有安装申报通知"):
        load_definition(form_id)


@pytest.mark.system
def test_cli_forms_lists_id_title_and_origin(extra, tmp_path):
    result = run_cli("forms", "--json", db=tmp_path / "db.sqlite3")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["id"], r["origin"], r["newest"]) for r in rows] == [
        (SHIPPED_ID, notices.SHIPPED, False), (NEXT_ID, notices.FROM_ENV, True)]
    assert rows[1]["title"] == NEXT_TITLE


@pytest.mark.system
def test_cli_new_takes_the_newest_notice_or_the_one_named(extra, tmp_path):
    db = tmp_path / "db.sqlite3"
    newest = run_cli("new", db=db)
    named = run_cli("new", "--form", SHIPPED_ID, db=db)
    unknown = run_cli("new", "--form", "zj-cbec-1999", db=db)
    assert newest.returncode == 0 and named.returncode == 0
    listed = json.loads(run_cli("list", "--json", db=db).stdout)
    forms = {r["id"]: r["form_id"] for r in listed}
    assert forms[newest.stdout.strip()] == NEXT_ID and forms[named.stdout.strip()] == SHIPPED_ID
    assert unknown.returncode == 2 and "没有安装申报通知“zj-cbec-1999”" in unknown.stderr


def _imported(store, form_id: str, name: str) -> str:
    doc = sample_application(load_definition(form_id))
    doc["project"]["name"] = name
    return Workspace(store, actor="county").add_document(doc, origin=county.ORIGIN)


def test_county_lists_one_notice_at_a_time(extra, store):
    _imported(store, SHIPPED_ID, "二〇二四年的项目")
    choice = choose_notice(store)
    assert (choice.definition.id, choice.note) == (SHIPPED_ID, "")  # only one notice present: no question

    _imported(store, NEXT_ID, "二〇二五年的项目")
    choice = choose_notice(store)
    assert choice.definition.id == NEXT_ID and choice.present == (NEXT_ID, SHIPPED_ID)
    assert SHIPPED_ID in choice.note and "--form" in choice.note
    names = {f: [r.texts["project_name"] for r in county.project_rows(store, load_definition(f))]
             for f in (SHIPPED_ID, NEXT_ID)}
    assert names == {SHIPPED_ID: ["二〇二四年的项目"], NEXT_ID: ["二〇二五年的项目"]}


@pytest.mark.system
def test_cli_consolidate_per_notice(extra, store, db_path, tmp_path):
    _imported(store, SHIPPED_ID, "二〇二四年的项目")
    _imported(store, NEXT_ID, "二〇二五年的项目")
    store.close()
    default = run_cli("consolidate", "--out", str(tmp_path / "newest.xlsx"), db=db_path)
    assert default.returncode == 0, default.stderr
    assert "（1 个项目）" in default.stdout and f"按最新的通知“{NEXT_ID}”导出" in default.stderr
    named = run_cli("consolidate", "--form", SHIPPED_ID, "--out", str(tmp_path / "2024.xlsx"), db=db_path)
    assert named.returncode == 0 and "注意" not in named.stderr

    from openpyxl import load_workbook

    def project_names(path: Path) -> list[str]:
        ws = load_workbook(path).active
        return [v for v in (ws.cell(r, 4).value for r in range(6, ws.max_row + 1)) if v and "项目" in str(v)]

    assert project_names(tmp_path / "newest.xlsx") == ["二〇二五年的项目"]
    assert project_names(tmp_path / "2024.xlsx") == ["二〇二四年的项目"]


@pytest.mark.system
def test_cli_declaration_and_county_pack_say_which_notice(extra, store, db_path, tmp_path):
    _imported(store, SHIPPED_ID, "二〇二四年的项目")
    _imported(store, NEXT_ID, "二〇二五年的项目")
    store.close()
    for args in (("declaration",), ("county-pack", "--out", str(tmp_path))):
        default = run_cli(*args, db=db_path)
        assert default.returncode == 0, default.stderr
        assert f"按最新的通知“{NEXT_ID}”导出" in default.stderr and SHIPPED_ID in default.stderr
        named = run_cli(*args, "--form", SHIPPED_ID, db=db_path)
        assert named.returncode == 0 and "注意" not in named.stderr
