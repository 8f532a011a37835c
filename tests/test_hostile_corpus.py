"""The hostile-input corpus (``tests/corpus/generate.py``) through the real command line.

Every rejected case: the documented exit code, a Chinese message naming what is wrong, no
traceback, and the clerk's database file byte for byte unchanged. Files the import accepts
(formula strings, control characters) are imported into a separate database and exported
again: formulas stay text, control characters never reach a document.
"""

from __future__ import annotations

import pytest
from cli_helpers import run_cli

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import FormatError


# -- arguments and text that no file can hold -----------------------------------------------------
@pytest.mark.parametrize("text", ['{"form_id": "\\ud800"}', '{"a": ["x", {"\\udc00": 1}]}', '{"a": "\ud800"}'])
def test_lone_surrogates_in_json_are_refused(text):
    with pytest.raises(FormatError, match="无效的字符"):
        docs.loads(text)


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
