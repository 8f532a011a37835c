"""Official fonts and their stand-ins: the core table, and what Qt finds on this machine."""

from __future__ import annotations

import pytest

from hzsubsidy_desktop.export.fonts import OFFICIAL_FONTS, stand_in


def test_windows_without_gb2312_fonts_uses_fangsong_not_songti():
    windows = {"SimSun", "宋体", "FangSong", "仿宋", "SimHei", "黑体", "KaiTi", "楷体", "Microsoft YaHei"}
    assert stand_in("仿宋_GB2312", windows) == "仿宋"
    assert stand_in("黑体", windows) == "黑体"
    assert stand_in("楷体_GB2312", windows) == "楷体"
    assert stand_in("方正小标宋简体", windows) == "宋体"


def test_linux_with_noto_uses_serif_for_body_and_title_and_sans_for_heiti():
    linux = {"Noto Sans CJK SC", "Noto Serif CJK SC", "DejaVu Sans"}
    assert stand_in("仿宋_GB2312", linux) == "Noto Serif CJK SC"
    assert stand_in("方正小标宋简体", linux) == "Noto Serif CJK SC"
    assert stand_in("黑体", linux) == "Noto Sans CJK SC"


def test_an_installed_official_font_is_used_itself_and_names_match_case_insensitively():
    assert stand_in("仿宋_GB2312", {"仿宋_GB2312", "FangSong"}) == "仿宋_GB2312"
    assert stand_in("黑体", {"simhei"}) == "simhei"
    assert stand_in("黑体", {"DejaVu Sans"}) is None


def test_serif_faces_never_stand_in_with_sans():
    for official in ("仿宋_GB2312", "方正小标宋简体", "楷体_GB2312"):
        assert not any("Sans" in name or "黑" in name for name in OFFICIAL_FONTS[official]), official


@pytest.mark.gui
def test_qt_reports_every_official_font_and_picks_an_installed_cjk_face(qapp):
    from hzsubsidy_desktop.gui import fonts

    report = dict(fonts.official_font_report())
    assert list(report) == list(OFFICIAL_FONTS)
    families = fonts.installed_families()
    assert fonts.ui_font_family() in families  # fonts-noto-cjk is installed by scripts/test
    assert "Noto Serif CJK SC" in report["仿宋_GB2312"] or report["仿宋_GB2312"] == "已安装"


@pytest.mark.gui
def test_about_lists_each_official_font_and_the_wizard_uses_an_installed_cjk_face(qtbot, tmp_path):
    from hzsubsidy_desktop.gui.fonts import installed_families, ui_font_family
    from hzsubsidy_desktop.gui.help import about_dialog
    from hzsubsidy_desktop.gui.qt import QLabel

    dialog = about_dialog(None, tmp_path / "db.sqlite3")
    qtbot.addWidget(dialog)
    shown = dialog.findChild(QLabel, "aboutFonts").text()
    for official in OFFICIAL_FONTS:
        assert official in shown
    assert "Noto Serif CJK SC" in shown or "已安装" in shown  # what stands in for 仿宋_GB2312 here
    assert ui_font_family() in installed_families()
