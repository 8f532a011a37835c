"""The private LibreOffice profile a PDF conversion runs with: the official fonts mapped to stand-ins.

The .docx names the official fonts (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312). Where they are not
installed, LibreOffice's own fallback picks any CJK face — on Linux a sans one, so a PDF looked all
黑体. Before converting, the throw-away profile gets a font replacement table (Tools ▸ Options ▸
Fonts, ``org.openoffice.Office.Common/Font/Substitution``) that maps each official name missing on
this machine to its best installed stand-in of the same style (:mod:`export.fonts`): a serif face for
仿宋 and 小标宋, a sans one for 黑体. LibreOffice embeds the fonts it uses in the PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Collection
from pathlib import Path
from xml.sax.saxutils import escape

from hzsubsidy_desktop.export.fonts import OFFICIAL_FONTS, stand_in

# Windows has no fc-list: the font files that carry the families a stand-in may be.
_WINDOWS_FILES = {
    "simfang.ttf": ("仿宋", "FangSong"), "simhei.ttf": ("黑体", "SimHei"), "simkai.ttf": ("楷体", "KaiTi"),
    "simsun.ttc": ("宋体", "SimSun"), "stzhongs.ttf": ("华文中宋", "STZhongsong"),
    "stfangso.ttf": ("华文仿宋", "STFangsong"), "stkaiti.ttf": ("华文楷体", "STKaiti"),
    "fzxbsjw.ttf": ("方正小标宋简体",), "fzxbsk.ttf": ("方正小标宋_GBK",),
    "仿宋_gb2312.ttf": ("仿宋_GB2312",), "楷体_gb2312.ttf": ("楷体_GB2312",),
}


def installed_families() -> frozenset[str]:
    """Font families installed on this machine, as far as can be told without a GUI toolkit."""
    if sys.platform == "win32":
        folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        try:
            names = {p.name.casefold() for p in folder.iterdir()}
        except OSError:
            return frozenset()
        return frozenset(f for file, families in _WINDOWS_FILES.items() if file in names for f in families)
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return frozenset()
    try:
        listed = subprocess.run([fc_list, ":", "family"], capture_output=True, timeout=30, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    families: set[str] = set()
    for line in listed.decode("utf-8", "replace").splitlines():
        families.update(name.strip() for name in line.split(",") if name.strip())
    return frozenset(families)


def font_replacements(installed: Collection[str]) -> list[tuple[str, str]]:
    """(official name, stand-in) for every official font that is missing here and has a stand-in."""
    pairs = []
    for official in OFFICIAL_FONTS:
        used = stand_in(official, installed)
        if used and used.casefold() != official.casefold():
            pairs.append((official, used))
    return pairs


def registry_xml(pairs: Collection[tuple[str, str]]) -> str:
    """registrymodifications.xcu turning the replacement table on with ``pairs`` (always applied)."""
    items = [
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
        '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>'
    ]
    for i, (official, used) in enumerate(pairs):
        items.append(
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
            f'<node oor:name="_{i}" oor:op="replace">'
            '<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
            '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
            f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{escape(official)}</value></prop>'
            f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(used)}</value></prop>'
            "</node></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(items)
        + "\n</oor:items>\n"
    )


def prepare_profile(profile: Path, installed: Collection[str] | None = None) -> list[tuple[str, str]]:
    """Write the font replacement table into the (new) profile folder; returns the pairs written."""
    pairs = font_replacements(installed_families() if installed is None else installed)
    user = Path(profile) / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(registry_xml(pairs), encoding="utf-8")
    return pairs
