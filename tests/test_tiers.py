"""The tier table and its guards (tests/tiers.py): what stops a run, and which tier a test lands in."""

from __future__ import annotations

from pathlib import Path

import tiers

TESTS = Path(__file__).resolve().parent
# spelled in two pieces so that this module's own source shows no system call to the guard
SOFFICE, STRACE = '"soff' + 'ice"', '"str' + 'ace"'


def test_every_module_on_disk_is_in_the_table_once():
    assert tiers.table_problems(TESTS) == []


def test_a_new_module_without_a_tier_and_a_stale_entry_are_named(tmp_path):
    for name in tiers.MODULES:
        (tmp_path / name).touch()
    (tmp_path / "test_brand_new.py").touch()
    (tmp_path / "test_store.py").unlink()
    problems = tiers.table_problems(tmp_path)
    assert problems == [
        "tests/test_brand_new.py has no tier: add it to MODULES in tests/tiers.py (unit, gui or system)",
        "tests/tiers.py names tests/test_store.py, which does not exist",
    ]


def test_the_module_tier_applies_unless_the_test_names_its_own():
    assert tiers.tier_of("test_store.py", [], []) == ("unit", None)
    assert tiers.tier_of("test_gui_wizard.py", [], ["qtbot"]) == ("gui", None)
    assert tiers.tier_of("test_export_docx.py", ["system"], [], [SOFFICE]) == ("system", None)


def test_two_tiers_qt_in_a_unit_test_and_system_calls_outside_system_are_refused():
    assert "more than one tier marker: gui, unit" in tiers.tier_of("test_store.py", ["unit", "gui"], [])[1]
    assert "unit tier but uses qtbot" in tiers.tier_of("test_store.py", [], ["qtbot", "store"])[1]
    refused = tiers.tier_of("test_gui_wizard.py", [], [], [STRACE])[1]
    assert refused == f"is in the gui tier but calls {STRACE}: mark it @pytest.mark.system"


def test_system_calls_are_found_in_the_source_of_a_test_and_its_fixtures():
    from export_helpers import render_pdf  # runs LibreOffice

    def plain_test():
        return 1 + 1

    assert tiers.system_signs([plain_test]) == []
    assert tiers.system_signs([plain_test, render_pdf]) == [SOFFICE, "render_" + "pdf("]  # its own def counts
