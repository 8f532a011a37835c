"""The hostile-input corpus (``tests/corpus/generate.py``) through the real command line.

Every rejected case: the documented exit code, a Chinese message naming what is wrong, no
traceback, and the clerk's database file byte for byte unchanged. Files the import accepts
(formula strings, control characters) are imported into a separate database and exported
again: formulas stay text, control characters never reach a document.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cli_helpers import run_cli
from corpus import generate as generate_module
from corpus.generate import FORMULAS, Case, load_cases
from openpyxl import load_workbook

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.interchange.submission import pack_application
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.workspace import Workspace


# -- arguments and text that no file can hold -----------------------------------------------------
@pytest.mark.unit
@pytest.mark.parametrize("text", ['{"form_id": "\\ud800"}', '{"a": ["x", {"\\udc00": 1}]}', '{"a": "\ud800"}'])
def test_lone_surrogates_in_json_are_refused(text):
    with pytest.raises(FormatError, match="无效的字符"):
        docs.loads(text)


@pytest.mark.unit
def test_surrogate_pairs_are_characters():
    assert docs.loads('{"a": "\\ud83d\\ude00"}') == {"a": "\U0001F600"}


def test_arguments_that_are_not_utf8_are_refused_by_name(tmp_path, sample):
    """A terminal in GBK sends bytes that are not UTF-8: refused with the field's name, nothing stored."""
    db = tmp_path / "enterprise.sqlite3"
    source = tmp_path / "申报.json"
    source.write_text(docs.dumps(sample), encoding="utf-8")
    app_id = run_cli("add", "--db", str(db), str(source)).stdout.strip()
    gbk = "项目".encode("gbk").decode("utf-8", "surrogateescape")
    before = run_cli("show", "--db", str(db), app_id).stdout
    for args, label, code in (
        (("set", app_id, "/project/name", gbk), "项目名称", 1),
        (("explain", app_id, "a@/project/name", gbk), "说明", 1),
        (("review", app_id, "已通过", "--comment", gbk), "审核意见", 2),
        (("county", "--city", gbk), "设区市", 1),
        (("declaration", "--set", f"目标体系={gbk}"), "目标体系", 1),
    ):
        result = run_cli(*args[:1], "--db", str(db), *args[1:])
        assert result.returncode == code, (args, result.stderr)
        assert f"“{label}”含有无法识别的字符" in result.stderr
        assert "Traceback" not in result.stderr
    assert run_cli("show", "--db", str(db), app_id).stdout == before


def test_a_row_number_of_digits_that_are_no_number_is_refused_by_name(tmp_path, sample):
    """"²" is a digit to str.isdigit but no number int() reads: such a row once stopped `set` with a traceback
    (a cell) or stored a bogus value that no longer loaded (the field check took it for a row, the store did not)."""
    db = tmp_path / "enterprise.sqlite3"
    source = tmp_path / "申报.json"
    source.write_text(docs.dumps(sample), encoding="utf-8")
    app_id = run_cli("add", "--db", str(db), str(source)).stdout.strip()
    before = run_cli("show", "--db", str(db), app_id).stdout
    for pointer in ("/expenditure/equipment/²/name", "/plan/²/task", "/plan/0²/task"):
        result = run_cli("set", "--db", str(db), app_id, pointer, "服务器")
        assert result.returncode != 0 and f"没有字段 {pointer}" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert run_cli("show", "--db", str(db), app_id).stdout == before


# -- the corpus ------------------------------------------------------------------------------------
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CJK = re.compile(r"[\u4e00-\u9fff]")
# what the issue names, each present as at least one case
REQUIRED = (
    "hzsub-not-zip", "hzsub-truncated", "hzsub-tampered-hash", "hzsub-newer-format", "hzsub-zip-bomb",
    "hzsub-path-traversal", "xlsx-xml-bomb-sheet", "xlsx-xml-bomb-shared-strings", "control-characters",
    "formula-texts", "text-1mb-name", "amount-nan-literal", "amount-infinity-literal", "amount-negative",
    "amount-30-digits", "amount-as-number", "group-as-list", "row-as-text", "boolean-as-text",
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[Case]]:
    """The corpus, generated as the module docstring of generate.py says (a script run)."""
    root = tmp_path_factory.mktemp("corpus")
    result = subprocess.run(
        [sys.executable, str(Path(generate_module.__file__)), str(root)], capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    cases = load_cases(root)
    assert result.stdout.startswith(f"{len(cases)} cases written")
    return root, cases


@pytest.fixture(scope="module")
def clerk_db(tmp_path_factory) -> Path:
    """A county clerk's database holding one imported project."""
    base = tmp_path_factory.mktemp("clerk")
    doc = sample_application()
    doc["project"]["name"] = "安吉白茶跨境电商线上产业带专区项目"
    with Store(base / "enterprise.sqlite3") as store:
        packed = pack_application(store, Workspace(store).add_document(doc), base / "out")
    db = base / "clerk.sqlite3"
    result = run_cli("import", "--db", str(db), str(packed))
    assert result.returncode == 0, result.stdout + result.stderr
    settle(db)
    return db


def settle(db: Path) -> bytes:
    """The database file's bytes once every committed change is in it (WAL checkpointed on close)."""
    with Store(db) as store:
        assert [s.project_name for s in store.summaries()] == ["安吉白茶跨境电商线上产业带专区项目"]
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    return db.read_bytes()


def clean_output(result) -> str:
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out[-3000:]
    assert not UNPRINTABLE.search(out.replace("\n", "").replace("\t", "")), "control characters reached the terminal"
    return out


def test_corpus_has_what_the_issue_names_and_every_record_is_complete(corpus):
    root, cases = corpus
    names = {c.name for c in cases}
    for name in REQUIRED:
        assert name in names, name
        assert f"hzsub-json-{name}" in names or name.startswith(("hzsub-", "xlsx-", "formula", "control"))
    carriers = {c.file.split("/")[0] for c in cases}
    assert carriers == {"json", "hzsub", "xlsx", "county", "word", "accepted"}
    for case in cases:
        assert (root / case.file).is_file(), case.file
        assert case.exit_code in (0, 1, 2)
        assert CJK.search(case.message), case
    assert len(cases) >= 100


def test_every_hostile_file_is_refused_in_one_import_and_the_database_is_unchanged(corpus, clerk_db):
    root, cases = corpus
    hostile = [c for c in cases if c.command[0] == "import" and not c.accepted]
    before = settle(clerk_db)
    result = run_cli("import", "--db", str(clerk_db), *(str(root / c.file) for c in hostile))
    out = clean_output(result)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for case in hostile:
        name = Path(case.file).name
        mine = [line for line in lines if line.startswith(f"{UNPRINTABLE.sub('', name)}：")]
        assert len(mine) == 1, (case.name, mine)
        assert "：已拒收。" in mine[0] and case.message in mine[0], (case.name, case.description, mine[0])
    assert f"共 {len(hostile)}：已导入 0，替换 0，相同跳过 0，冲突 0，拒收 {len(hostile)}。" in out
    assert settle(clerk_db) == before


def test_every_hostile_application_file_is_refused_by_validate_and_add(corpus, clerk_db):
    root, cases = corpus
    files = [c for c in cases if c.command[0] == "validate"]
    before = settle(clerk_db)

    def run(case: Case, command: tuple[str, ...]):
        return case, command, run_cli(*[a.replace("{file}", str(root / case.file)).replace("{db}", str(clerk_db))
                                        for a in command])

    jobs = [(c, c.command) for c in files] + [(c, also) for c in files for also in c.also]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: run(*job), jobs))
    for case, command, result in results:
        clean_output(result)
        assert result.returncode == case.exit_code, (case.name, command, result.stderr)
        assert result.stderr.startswith("hzsubsidy："), (case.name, result.stderr)
        assert case.message in result.stderr, (case.name, case.description, result.stderr[:300])
    assert settle(clerk_db) == before


def formula_like(workbook_path: Path) -> list:
    """Cells holding a text that began with one of the corpus's formulas; none may be a formula."""
    workbook = load_workbook(workbook_path)
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    workbook.close()
    for cell in cells:
        if cell.data_type == "f":  # the workbook's own formulas (sums, cross-sheet references)
            assert not any(f in cell.value for f in FORMULAS), (cell.coordinate, cell.value)
    return [c for c in cells if c.value.startswith(FORMULAS)]


def test_formula_strings_stay_text_in_every_workbook(corpus, tmp_path):
    root, cases = corpus
    (case,) = [c for c in cases if c.name == "formula-texts"]
    out = tmp_path / "out"
    result = run_cli(*case.args(root, out=out))
    assert result.returncode == 0 and case.message in clean_output(result)
    (xlsx,) = out.glob("*.xlsx")
    cells = formula_like(xlsx)
    assert len(cells) >= 20
    assert {c.data_type for c in cells} == {"s"}, [(c.coordinate, c.value) for c in cells if c.data_type != "s"]
    assert {c.value[0] for c in cells} >= set("=+-@")

    # imported by a clerk and listed in 附件5
    (sub,) = [c for c in cases if c.name == "hzsub-formula-texts"]
    db = tmp_path / "clerk.sqlite3"
    imported = run_cli(*sub.args(root, db=db))
    assert imported.returncode == 0 and "：已导入。" in clean_output(imported)
    listed = run_cli("consolidate", "--db", str(db), "--out", str(tmp_path / "附件5.xlsx"))
    assert listed.returncode == 0, listed.stderr
    cells = formula_like(tmp_path / "附件5.xlsx")
    assert len(cells) >= 3
    assert {c.data_type for c in cells} == {"s"}


def test_control_characters_never_reach_a_document_or_the_terminal(corpus, tmp_path):
    root, cases = corpus
    (case,) = [c for c in cases if c.name == "control-characters"]
    out = tmp_path / "out"
    result = run_cli(*case.args(root, out=out))
    assert result.returncode == 0 and case.message in clean_output(result)
    (sub,) = [c for c in cases if c.name == "hzsub-control-characters"]
    db = tmp_path / "clerk.sqlite3"
    imported = run_cli(*sub.args(root, db=db))
    assert imported.returncode == 0 and "：已导入。" in clean_output(imported)
    listed = run_cli("consolidate", "--db", str(db), "--out", str(out / "附件5.xlsx"), "--docx", str(out / "附件5.docx"))
    assert listed.returncode == 0, listed.stderr
    assert run_cli("list", "--db", str(db)).stdout.count("\n") == 1
    clean_output(run_cli("list", "--db", str(db)))
    documents = sorted(out.glob("*.docx")) + sorted(out.glob("*.xlsx"))
    assert len(documents) == 4
    for path in documents:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith(".xml") and "hzsubsidy" not in name:
                    text = archive.read(name).decode("utf-8")
                    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|&#x?0*(?:[0-8]|1[1-9]|2\d|3[01]|[bcef]|1[0-9a-f]);", text), (path.name, name)
    project = load_workbook(out / "附件5.xlsx").active
    assert any("安吉" in str(c.value) and "跨境电商" in str(c.value) for row in project.iter_rows() for c in row)


@pytest.mark.parametrize("name", ["xml-bomb-sheet", "xml-bomb-data-sheet", "xml-bomb-shared-strings",
                                  "xml-external-entity"])
def test_entities_in_workbook_xml_are_stopped_by_defusedxml(corpus, name):
    """The sheets' XML goes through defusedxml: entity declarations are refused before any expansion."""
    from defusedxml import EntitiesForbidden
    from openpyxl.xml import DEFUSEDXML

    root, _cases = corpus
    assert DEFUSEDXML
    with pytest.raises(Exception) as info:  # noqa: B017 - openpyxl wraps the cause in a ValueError
        load_workbook(root / "xlsx" / f"{name}.xlsx")
    causes = []
    error: BaseException | None = info.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, EntitiesForbidden) for e in causes), causes
