"""Workspace operations: typed edits, explanations, profiles; rejected input changes nothing."""

from __future__ import annotations

import pytest

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.values.field_types import InputError
from hzsubsidy_desktop.workspace import Workspace


def _db_dump(store) -> list[str]:
    return list(store.conn.iterdump())


def test_edit_parses_and_saves(workspace, sample):
    app_id = workspace.add_document(sample)
    result = workspace.edit(app_id, "/project/total_investment", "６５０万元")
    assert (result.value, result.changed) == ("650", True)
    assert workspace.load(app_id)["project"]["total_investment"] == "650"


@pytest.mark.parametrize(
    ("pointer", "typed"),
    [
        ("/project/total_investment", "六百五十"),
        ("/enterprise/contact_phone", "5123"),
        ("/enterprise/credit_code", "913305"),
        ("/project/start", "明年"),
        ("/expenditure/software/0/spent", "-3"),
        ("/conditions/suppliers", "很多"),
    ],
)
def test_rejected_input_leaves_the_database_unchanged(workspace, store, sample, pointer, typed):
    app_id = workspace.add_document(sample)
    before = _db_dump(store)
    with pytest.raises(InputError) as info:
        workspace.edit(app_id, pointer, typed)
    assert workspace.definition_for(app_id).field(pointer).label in info.value.message
    assert _db_dump(store) == before


def test_new_application_has_default_plan_rows_and_all_steps_empty(workspace):
    app_id = workspace.new_application()
    doc = workspace.load(app_id)
    assert [r["deadline"] for r in doc["plan"]] == ["2024-12-31", "2025-09-30"]
    assert workspace.report(app_id).status() == "error"
    assert workspace.summary(app_id).status == "error"


def test_new_application_from_saved_profile(workspace, sample):
    first = workspace.add_document(sample)
    workspace.save_profile(first)
    second = workspace.new_application(from_profile=True)
    doc = workspace.load(second)
    assert doc["enterprise"] == sample["enterprise"]
    assert doc["project"] == {}


def test_explanation_is_stored_and_unblocks(workspace, sample):
    app_id = workspace.add_document(sample)
    workspace.edit(app_id, "/enterprise/credit_code", "91330523MA2B7Q5K58")
    report = workspace.report(app_id)
    (finding,) = report.blocking
    workspace.explain(app_id, finding.key, "营业执照上印的代码即为此号。")
    assert workspace.report(app_id).ready
    assert docs.get(workspace.load(app_id), "/explanations")[finding.key] == "营业执照上印的代码即为此号。"
    workspace.explain(app_id, finding.key, "  ")
    assert not workspace.report(app_id).ready


def test_row_limit_is_a_clear_message(workspace, sample, definition):
    app_id = workspace.add_document(sample)
    for _ in range(definition.plan.max_rows - 2):
        workspace.add_row(app_id, "/plan")
    with pytest.raises(InputError, match="最多10行"):
        workspace.add_row(app_id, "/plan")


@pytest.mark.parametrize("actor", ["enterprise", "clerk"])
def test_duplicate_is_an_independent_checked_copy_without_explanations(store, sample, actor):
    workspace = Workspace(store, actor=actor)
    app_id = workspace.add_document(sample)
    workspace.edit(app_id, "/enterprise/credit_code", "91330523MA2B7Q5K58")
    (finding,) = workspace.report(app_id).blocking
    workspace.explain(app_id, finding.key, "营业执照上印的代码即为此号。")
    assert workspace.report(app_id).ready

    copy_id = workspace.duplicate(app_id)
    assert not workspace.load(copy_id).get("explanations")  # the copy's numbers are about to change
    assert workspace.summary(copy_id).status == "explain"  # checked at once: the list shows why
    assert {e.actor for e in workspace.audit_trail(copy_id)} == {actor}
    workspace.edit(copy_id, "/project/name", "二期项目")
    assert workspace.load(app_id)["project"]["name"] == sample["project"]["name"]
    assert docs.get(workspace.load(app_id), "/explanations")[finding.key] == "营业执照上印的代码即为此号。"


def test_trash_restore_and_settings_go_through_the_workspace(workspace, sample):
    app_id = workspace.add_document(sample)
    workspace.delete(app_id)
    assert workspace.summaries() == [] and [s.id for s in workspace.summaries(deleted=True)] == [app_id]
    workspace.restore(app_id)
    assert [s.id for s in workspace.summaries()] == [app_id]
    assert workspace.resolve(app_id[-8:]) == app_id
    workspace.set_step(app_id, "expenditure")
    assert workspace.current_step(app_id) == "expenditure"
    workspace.set_setting("gui.last_folder", "/tmp/x")
    assert workspace.setting("gui.last_folder") == "/tmp/x"
    assert workspace.setting("missing", "默认") == "默认"
