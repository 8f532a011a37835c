"""Which fonts this machine has, looked up on first use (never on the start-up path).

Qt's font database enumerates every installed font, which takes tens of milliseconds on a desktop
with many fonts, so nothing here runs until a window asks: the 关于 dialog lists what stands in for
each official font of the printed forms, and the wizard picks an installed CJK face.
"""

from __future__ import annotations

from functools import cache

from hzsubsidy_desktop.export.fonts import OFFICIAL_FONTS, stand_in
from hzsubsidy_desktop.gui.app import UI_FONTS
from hzsubsidy_desktop.gui.qt import QFontDatabase


@cache
def installed_families() -> frozenset[str]:
    return frozenset(QFontDatabase.families())


def official_font_report() -> list[tuple[str, str]]:
    """(official name, what this machine uses) for every official font of the printed forms."""
    families = installed_families()
    rows = []
    for official in OFFICIAL_FONTS:
        used = stand_in(official, families)
        if used == official:
            rows.append((official, "已安装"))
        elif used:
            rows.append((official, f"未安装，屏幕和 PDF 中用“{used}”代替；打印请在装有该字体的电脑上用 Word/WPS"))
        else:
            rows.append((official, "未安装，也没有同类字体：请安装思源宋体/思源黑体（Noto CJK）"))
    return rows


def ui_font_family() -> str | None:
    """The first installed CJK screen face, or None when there is none (Qt then falls back per character)."""
    families = installed_families()
    return next((name for name in UI_FONTS if name in families), None)
