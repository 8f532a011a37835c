"""The app's own PDF: the official fonts mapped to installed stand-ins of the same style, embedded."""

from __future__ import annotations

import subprocess
from xml.etree import ElementTree

import pytest

from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.export.application import export_application
from hzsubsidy_desktop.export.lo_profile import font_replacements, prepare_profile, registry_xml

LINUX = {"Noto Sans CJK SC", "Noto Serif CJK SC", "DejaVu Sans"}
WINDOWS = {"SimSun", "宋体", "FangSong", "仿宋", "SimHei", "黑体", "KaiTi", "楷体"}


def test_linux_maps_fangsong_and_xiaobiaosong_to_serif_and_heiti_to_sans():
    assert dict(font_replacements(LINUX)) == {
        "仿宋_GB2312": "Noto Serif CJK SC", "方正小标宋简体": "Noto Serif CJK SC",
        "黑体": "Noto Sans CJK SC", "楷体_GB2312": "Noto Serif CJK SC",
    }


def test_windows_maps_only_what_is_missing():
    assert dict(font_replacements(WINDOWS)) == {"仿宋_GB2312": "仿宋", "方正小标宋简体": "宋体", "楷体_GB2312": "楷体"}
    assert font_replacements(WINDOWS | {"仿宋_GB2312", "方正小标宋简体", "楷体_GB2312"}) == []


def test_profile_holds_the_replacement_table(tmp_path):
    prepare_profile(tmp_path / "profile", LINUX)
    root = ElementTree.parse(tmp_path / "profile" / "user" / "registrymodifications.xcu").getroot()
    values = [v.text for v in root.iter("value")]
    assert values[0] == "true"  # the table is switched on
    assert "仿宋_GB2312" in values and "Noto Serif CJK SC" in values
    ElementTree.fromstring(registry_xml([("A<B", "C&D")]))  # names are escaped


@pytest.mark.system
@pytest.mark.slow
def test_pdf_body_and_title_are_serif_cjk_and_embedded(tmp_path, definition):
    """Rendered the way the app does it (no test fontconfig): a serif CJK face, embedded."""
    result = export_application(definition, sample_application(), tmp_path, pdf=True)
    fonts = subprocess.run(["pdffonts", str(result.pdf)], check=True, capture_output=True,
                           timeout=60).stdout.decode().splitlines()[2:]
    cjk = [line.split() for line in fonts if "CJK" in line]
    assert any("Serif" in row[0] for row in cjk), fonts
    assert all(row[-5] == "yes" for row in cjk), fonts  # emb
