"""Reading untrusted application JSON."""

from __future__ import annotations

import json

import pytest
from corpus.generate import JSON_CASES
from corpus.generate import _apply as application_bytes  # the bytes of one case, as generate() writes them

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.cli.main import main
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.interchange.application_file import read_application, read_application_file
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.validation import validate


def test_sample_reads_back_canonical(definition, sample):
    definition_read, doc = read_application(docs.dumps(sample).encode())
    assert definition_read.id == definition.id
    assert doc == docs.canonical(definition, sample)


def test_amounts_with_trailing_zeros_are_accepted_and_kept_canonically(definition, sample, tmp_path):
    sample["project"]["subsidy_requested"] = "6.00"
    sample["enterprise"]["net_assets"] = "-12.50"
    sample["plan"][0]["invested"] = "100.5000"
    sample["expenditure"]["software"][0]["spent"] = "36.0"
    _, doc = read_application(docs.dumps(sample).encode())
    assert doc["project"]["subsidy_requested"] == "6"
    assert doc["enterprise"]["net_assets"] == "-12.5"
    assert doc["plan"][0]["invested"] == "100.5"
    assert doc["expenditure"]["software"][0]["spent"] == "36"
    assert not [f for f in validate(definition, doc).findings if f.code == "invalid"]
    source = tmp_path / "app.json"
    source.write_text(docs.dumps(sample), encoding="utf-8")
    db = tmp_path / "e.sqlite3"
    assert main(["--db", str(db), "add", str(source)]) == 0
    with Store(db) as store:
        (summary,) = store.summaries()
        assert store.load(summary.id)["project"]["subsidy_requested"] == "6"


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda d: d["project"].update(total_investment=600), ["“总投资（投入）（万元）”", "格式不正确"]),
        (lambda d: d["project"].update(total_investment="1e9"), ["“总投资（投入）（万元）”"]),
        (lambda d: d["enterprise"].update(colour="red"), ["“项目承担单位基本情况”（/enterprise）含有不认识的项目"]),
        (lambda d: d.update(plan={"a": 1}), ["“项目分年度建设进度计划”（/plan）"]),
        (lambda d: d["project"].update(types=["火星基地"]), ["“项目类型”（/project/types/0）"]),
        (lambda d: d["narrative"].update(overview="字" * 9000), ["超出长度"]),
    ],
)
def test_schema_violations_are_named(sample, mutate, words):
    doc = json.loads(json.dumps(sample))
    mutate(doc)
    with pytest.raises(FormatError) as info:
        read_application(json.dumps(doc, ensure_ascii=False))
    for word in words:
        assert word in str(info.value)


# The hostile application files are the corpus's (tests/corpus/generate.py, JSON_CASES): here each is
# read in this process; tests/test_hostile_corpus.py gives them to `hzsubsidy validate` and `add`.
@pytest.mark.parametrize("case", [c for c in JSON_CASES if "json" in c.carriers], ids=lambda c: c.name)
def test_every_hostile_application_file_of_the_corpus_is_refused_with_its_reason(tmp_path, case):
    path = tmp_path / f"{case.name}.json"
    path.write_bytes(application_bytes(case))
    with pytest.raises(FormatError) as info:
        read_application_file(path)
    assert case.message in str(info.value), (case.description, str(info.value)[:300])


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as fh:
        fh.truncate(30 * 1024 * 1024)
    with pytest.raises(FormatError, match="文件过大"):
        read_application_file(path)


def test_a_folder_is_not_an_application(tmp_path):
    with pytest.raises(FormatError, match="是文件夹"):
        read_application_file(tmp_path)
