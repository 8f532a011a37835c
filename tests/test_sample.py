"""The sample application is complete and clean."""

import pytest

from hzsubsidy_desktop.validation import validate


def test_sample_validates_without_any_finding(definition, sample):
    report = validate(definition, sample)
    assert [f.message for f in report.findings] == []
    assert report.ready


def test_sample_is_read_from_the_notice_folder(definition, tmp_path):
    """sample.json lives beside the definition: a copy of the folder with another sample gives that one."""
    import shutil

    from hzsubsidy_desktop.document.sample import SAMPLE_CREDIT_CODE, sample_application
    from hzsubsidy_desktop.formdef import DefinitionError
    from hzsubsidy_desktop.formdef.loader import load_folder

    shipped = sample_application(definition)
    assert shipped["form_id"] == definition.id and shipped["enterprise"]["credit_code"] == SAMPLE_CREDIT_CODE
    folder = tmp_path / definition.id
    shutil.copytree(definition.source, folder)
    text = (folder / "sample.json").read_text(encoding="utf-8").replace("浙江竹韵家居科技有限公司", "安吉示例椅业有限公司")
    (folder / "sample.json").write_text(text, encoding="utf-8")
    assert sample_application(load_folder(folder))["enterprise"]["name"] == "安吉示例椅业有限公司"
    (folder / "sample.json").write_text(text.replace('"form_id": "zj-cbec-2024"', '"form_id": "zj-cbec-2023"'),
                                        encoding="utf-8")
    with pytest.raises(DefinitionError, match="示例申报的 form_id 应为“zj-cbec-2024”"):
        sample_application(load_folder(folder))
    (folder / "sample.json").unlink()
    with pytest.raises(DefinitionError, match="没有示例申报"):
        sample_application(load_folder(folder))
