"""Which tier every test module belongs to; ``conftest.py`` marks the tests from this table.

- ``unit``: the domain core in this process. No Qt, no LibreOffice, no subprocess of the app.
- ``gui``: widgets and windows through pytest-qt (offscreen), in this process.
- ``system``: the real thing from outside: the CLI and GUI as subprocesses, the PyInstaller bundle,
  the wheel, strace, SIGKILL, LibreOffice rendering, the hostile corpus through the CLI.

A new test module is added here (the run stops with a message naming it otherwise). A test that
does not belong to its module's tier carries its own marker, e.g. ``@pytest.mark.system`` on the
one LibreOffice rendering test of a unit module; that marker wins over the table. ``slow`` is a
separate marker for long tests, left out of the fast command (``bash scripts/test-fast``).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

UNIT, GUI, SYSTEM = "unit", "gui", "system"
TIERS = (UNIT, GUI, SYSTEM)

MODULES: dict[str, str] = {
    # unit: the core, in process
    "test_amounts.py": UNIT,
    "test_app_ids.py": UNIT,
    "test_cli_export.py": UNIT,  # calls cli.main.main() in process; the LibreOffice PDF test is system
    "test_consolidation.py": UNIT,
    "test_core_has_no_qt.py": UNIT,  # one child interpreter imports the core: the house rule's guard
    "test_county_round.py": SYSTEM,
    "test_county_removals.py": SYSTEM,
    "test_county_travel.py": SYSTEM,
    "test_county_trust.py": UNIT,
    "test_credit_code.py": UNIT,
    "test_declaration_export.py": UNIT,  # the rendered page tests are system
    "test_definition_drives_the_forms.py": UNIT,  # the wizard grid test is gui
    "test_docx_package.py": UNIT,  # the rendered watermark test is system
    "test_export_docx.py": UNIT,  # the rendered page tests are system
    "test_export_xlsx.py": UNIT,  # the LibreOffice recalculation tests are system
    "test_errors.py": UNIT,
    "test_import_cycles.py": UNIT,  # the house rule: no import cycles, widgets never import the wizard
    "test_field_types.py": UNIT,
    "test_document_pointer.py": UNIT,
    "test_files.py": UNIT,
    "test_fonts.py": UNIT,  # the ones asking Qt are gui
    "test_formdef_loader.py": UNIT,
    "test_identity.py": UNIT,
    "test_import_fuzz.py": UNIT,
    "test_import_kill.py": SYSTEM,  # hzsubsidy import as a subprocess, SIGKILLed
    "test_import_pipeline.py": UNIT,
    "test_import_received.py": UNIT,  # worker processes forked by the core itself, no app subprocess
    "test_interchange.py": UNIT,
    "test_list_export.py": UNIT,
    "test_list_rows.py": UNIT,  # the LibreOffice recalculation tests are system
    "test_paper_codes.py": UNIT,  # the LibreOffice-rendered pages through the CLI are system
    "test_pdf_fonts.py": UNIT,  # the PDF made through LibreOffice is system
    "test_platforms.py": UNIT,  # the GBK console test runs the CLI: system
    "test_notices.py": UNIT,  # the tests running the CLI are system
    "test_one_door.py": UNIT,
    "test_repository.py": UNIT,  # reads the git checkout
    "test_rules_table.py": UNIT,
    "test_sample.py": UNIT,
    "test_schema_compiled.py": UNIT,
    "test_matching.py": UNIT,
    "test_store.py": UNIT,
    "test_store_rows.py": UNIT,
    "test_tiers.py": UNIT,
    "test_submission.py": UNIT,
    "test_untrusted_json.py": UNIT,
    "test_validation.py": UNIT,
    "test_validation_fast.py": UNIT,
    "test_workspace.py": UNIT,
    "test_word_import.py": UNIT,
    "test_word_values.py": UNIT,
    "test_xlsx_import.py": UNIT,
    "test_word_county.py": UNIT,  # its CLI test is system
    # gui: pytest-qt, offscreen, in process
    "test_gui_app.py": GUI,
    "test_gui_clerk_list.py": GUI,
    "test_gui_clerk.py": GUI,
    "test_gui_county_trust.py": GUI,
    "test_gui_word_import.py": GUI,
    "test_gui_expenditure.py": GUI,
    "test_gui_feedback.py": GUI,
    "test_gui_help.py": GUI,
    "test_gui_keyboard.py": GUI,
    "test_gui_layout.py": GUI,
    "test_gui_main_window.py": GUI,
    "test_gui_notices.py": GUI,
    "test_gui_operations.py": GUI,
    "test_gui_paper_check.py": GUI,
    "test_gui_qt.py": GUI,
    "test_gui_review.py": GUI,
    "test_gui_shell.py": GUI,
    "test_gui_widgets.py": GUI,
    "test_gui_wizard.py": GUI,
    # system: from outside the process
    "test_bundle.py": SYSTEM,
    "test_cli.py": SYSTEM,
    "test_cli_consolidating.py": SYSTEM,
    "test_cli_startup.py": SYSTEM,
    "test_crash.py": SYSTEM,
    "test_gui_crash.py": SYSTEM,
    "test_gui_startup.py": SYSTEM,  # the real entry point as a subprocess
    "test_hostile_corpus.py": SYSTEM,
    "test_no_network.py": SYSTEM,
    "test_rendered_pages.py": SYSTEM,
    "test_two_instances.py": SYSTEM,
    "test_wheel.py": SYSTEM,
}

# fixtures that only a GUI (or system) test may use
GUI_FIXTURES = frozenset({"qtbot", "qapp", "window"})
# what a unit or gui test (or one of its fixtures) must not call: LibreOffice, the CLI as a subprocess, strace…
SYSTEM_SIGNS = re.compile(r'render_pdf\(|"soffice"|run_cli\(|"strace"|"pdftoppm"|pdf=True|"-m", "hzsubsidy_desktop"'
                          r'|build-bundle')


@cache
def _system_signs(func: Callable[..., object]) -> tuple[str, ...]:
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return ()
    return tuple(sorted(set(SYSTEM_SIGNS.findall(source))))


def system_signs(funcs: Iterable[Callable[..., object]]) -> list[str]:
    """The system-only calls found in the source of a test function and its fixtures."""
    return sorted({sign for func in funcs for sign in _system_signs(func)})


def table_problems(tests_dir: Path) -> list[str]:
    """Modules on disk missing from the table, entries naming no module, tiers that do not exist."""
    on_disk = {p.relative_to(tests_dir).as_posix() for p in tests_dir.rglob("test_*.py")}
    problems = [f"tests/{name} has no tier: add it to MODULES in tests/tiers.py (unit, gui or system)"
                for name in sorted(on_disk - MODULES.keys())]
    problems += [f"tests/tiers.py names tests/{name}, which does not exist" for name in sorted(MODULES.keys() - on_disk)]
    problems += [f"tests/tiers.py: tests/{name} has tier {tier!r}, not one of {TIERS}"
                 for name, tier in sorted(MODULES.items()) if tier not in TIERS]
    return problems


def tier_of(module: str, own: Sequence[str], fixtures: Sequence[str], signs: Sequence[str] = ()) -> tuple[str | None, str | None]:
    """(tier, problem) of one test: its own tier marker, else its module's from the table.

    ``signs`` are the system-only calls in its code (see :func:`system_signs`)."""
    distinct = sorted(set(own))
    if len(distinct) > 1:
        return None, f"has more than one tier marker: {', '.join(distinct)}"
    tier = distinct[0] if distinct else MODULES.get(module)
    if tier is None:
        return None, None  # its module is reported by table_problems
    if tier == UNIT and GUI_FIXTURES.intersection(fixtures):
        return None, f"is in the unit tier but uses {', '.join(sorted(GUI_FIXTURES.intersection(fixtures)))}"
    if tier != SYSTEM and signs:
        return None, f"is in the {tier} tier but calls {' '.join(signs)}: mark it @pytest.mark.system"
    return tier, None
