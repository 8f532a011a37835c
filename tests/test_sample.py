"""The sample application is complete and clean."""

from hzsubsidy_desktop.validation import validate


def test_sample_validates_without_any_finding(definition, sample):
    report = validate(definition, sample)
    assert [f.message for f in report.findings] == []
    assert report.ready


def test_sample_is_in_anji(sample):
    assert sample["enterprise"]["county"] == "安吉县"
    assert sample["enterprise"]["credit_code"][2:8] == "330523"
