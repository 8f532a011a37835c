"""Form definitions: the shipped one loads; malformed ones fail naming the file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hzsubsidy_desktop.formdef import DefinitionError, available_forms, load_definition
from hzsubsidy_desktop.formdef.loader import load_folder
from hzsubsidy_desktop.paths import data_dir


def test_shipped_definition_has_the_official_labels(definition):
    assert available_forms() == ["zj-cbec-2024"]
    assert definition.field("/enterprise/credit_code").label == "社会信用代码"
    assert definition.field("/project/total_investment").label == "总投资（投入）（万元）"
    assert definition.field("/expenditure/equipment/0/spent").label == "已开支费用"
    assert [c.label for c in definition.categories] == [
        "设备购置费用", "软件购置费用", "技术购置费用", "信息资料购置费用", "建设费用", "其他费用",
    ]
    assert [s.title for s in definition.steps] == [
        "单位信息", "项目信息", "进度计划", "资金投入明细", "支持内容", "项目建设情况", "基本条件自查", "承诺", "检查与导出",
    ]
    undertakings = [f.label for f in definition.group("undertakings").fields]
    assert undertakings[1] == "2.申报期本项目未获得过中央和省级商务类财政专项资金补助。"


def test_definition_objects_are_immutable(definition):
    with pytest.raises(AttributeError):
        definition.field("/project/name").label = "x"  # type: ignore[misc]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "zj-test"
    shutil.copytree(data_dir("forms") / "zj-cbec-2024", target)
    return target


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_copy_of_shipped_definition_loads(folder):
    assert load_folder(folder).id == "zj-cbec-2024"


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("attachment3.toml", 'key = "legal_representative"\n', 'key = "legal_representative"\ncolour = "red"\n',
         "attachment3.toml: field /enterprise/legal_representative: unknown key(s) colour"),
        ("attachment3.toml", 'type = "phone"', 'type = "telephone"',
         "attachment3.toml: field /enterprise/leader_phone: unknown type 'telephone'"),
        ("attachment3.toml", 'label = "法定代表人"\n', "",
         "attachment3.toml: field /enterprise/legal_representative: missing label"),
        ("attachment3.toml", 'key = "address"\nlabel = "单位地址"', 'key = "name"\nlabel = "单位地址"',
         "group enterprise: duplicate key 'name'"),
        ("rules.toml", 'right = "/project/period_investment"', 'right = "/project/no_such_field"',
         "rules.toml: rule total-below-period-investment.right: no field '/project/no_such_field'"),
        ("rules.toml", 'kind = "compare"', 'kind = "telepathy"',
         "rules.toml: rule total-below-period-investment: unknown kind 'telepathy'"),
        ("rules.toml", 'level = "error"', 'level = "fatal"',
         "unknown level 'fatal'"),
        ("conditions.toml", 'measure = "/conditions/suppliers"', 'measure = "/conditions/sellers"',
         "conditions.toml: condition cond-showroom-suppliers: no field '/conditions/sellers'"),
        ("attachment4.toml", 'key = "software"\nlabel = "软件购置费用"', 'key = "equipment"\nlabel = "软件购置费用"',
         "duplicate key 'equipment'"),
        ("form.toml", 'title = "单位信息"', 'title = "单位信息"\nicon = "x"',
         "form.toml: step: unknown key(s) icon"),
    ],
)
def test_malformed_definition_names_file_and_field(folder, file, old, new, expected):
    _edit(folder, file, old, new)
    with pytest.raises(DefinitionError) as info:
        load_folder(folder)
    assert expected in str(info.value)


def test_broken_toml_names_the_file(folder):
    (folder / "rules.toml").write_text("[[rule]\ncode = ", encoding="utf-8")
    with pytest.raises(DefinitionError, match="rules.toml: file: not valid TOML"):
        load_folder(folder)


def test_unknown_form_id_is_a_definition_error():
    with pytest.raises(DefinitionError, match="没有安装申报通知“zj-cbec-1999”"):
        load_definition("zj-cbec-1999")
