"""The official fonts of the printed forms and what stands in for them where they are not installed.

The documents name the fonts GB/T 9704 asks for (仿宋_GB2312 body, 方正小标宋简体 title, 黑体 and 楷体
headings). Windows ships 仿宋 (FangSong), 黑体 (SimHei) and 楷体 (KaiTi) but neither 仿宋_GB2312 nor
方正小标宋简体; Linux desktops have Noto/Source Han CJK. Each official name lists, best first, the faces
of the same style that may be installed instead — a serif face for 仿宋 and 小标宋, never a sans one.
"""

from __future__ import annotations

from collections.abc import Collection

OFFICIAL_FONTS: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "华文仿宋", "Noto Serif CJK SC",
                   "Source Han Serif SC", "思源宋体", "AR PL UMing CN", "宋体", "SimSun"),
    "方正小标宋简体": ("方正小标宋简体", "方正小标宋_GBK", "华文中宋", "STZhongsong", "Noto Serif CJK SC",
                 "Source Han Serif SC", "思源宋体", "宋体", "SimSun"),
    "黑体": ("黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", "思源黑体",
           "WenQuanYi Micro Hei", "Microsoft YaHei"),
    "楷体_GB2312": ("楷体_GB2312", "楷体", "KaiTi", "STKaiti", "华文楷体", "AR PL UKai CN", "Noto Serif CJK SC",
                  "Source Han Serif SC"),
}


def stand_in(official: str, installed: Collection[str]) -> str | None:
    """The face this machine will use for ``official``: itself when installed, else the best stand-in."""
    lowered = {name.casefold(): name for name in installed}
    for candidate in OFFICIAL_FONTS.get(official, (official,)):
        found = lowered.get(candidate.casefold())
        if found:
            return found
    return None
