"""Document-level parts of an exported .docx: the font table, the core properties, the draft watermark.

- ``word/fontTable.xml`` lists exactly the fonts the document uses, each with its charset (GB2312 =
  86 for the Chinese ones), family, pitch, PANOSE and an ``altName``, so Word and WPS on a Windows
  machine without 仿宋_GB2312 fall back to 仿宋 (FangSong), not 宋体; python-docx's template fonts
  (ＭＳ 明朝, ＭＳ ゴシック, Cambria, Calibri …) are dropped.
- ``docProps/core.xml``: created and modified are the export time (the template says 2013).
- A draft carries Word's own kind of watermark: a diagonal WordArt "草稿" anchored in the page
  header, behind the text, on every page (Word's ``PowerPlusWaterMarkObject``; LibreOffice imports
  and prints it too).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# name: (altName, panose1, charset, family, pitch)
FONT_FACTS: dict[str, tuple[str | None, str, str, str, str]] = {
    "仿宋_GB2312": ("仿宋", "02010609030101010101", "86", "modern", "fixed"),
    "仿宋": ("FangSong", "02010609060101010101", "86", "modern", "fixed"),
    "方正小标宋简体": ("宋体", "02000000000000000000", "86", "auto", "variable"),
    "黑体": ("SimHei", "02010609060101010101", "86", "modern", "fixed"),
    "楷体_GB2312": ("楷体", "02010609030101010101", "86", "modern", "fixed"),
    "楷体": ("KaiTi", "02010609060101010101", "86", "modern", "fixed"),
    "宋体": ("SimSun", "02010600030101010101", "86", "auto", "variable"),
    "Times New Roman": (None, "02020603050405020304", "00", "roman", "variable"),
    "Segoe UI Symbol": (None, "020B0502040204020203", "00", "swiss", "variable"),
}
_FONT_ATTRS = tuple(qn(f"w:{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs"))


def _xml_parts(document: Document) -> list[Any]:
    return [p for p in document.part.package.iter_parts() if hasattr(p, "element")]


def used_fonts(document: Document) -> list[str]:
    """Every font named by a run, style or default in the document, headers and footers."""
    names: dict[str, None] = {}
    for part in _xml_parts(document):
        for fonts in part.element.iter(qn("w:rFonts")):
            for attr in _FONT_ATTRS:
                value = fonts.get(attr)
                if value:
                    names[value] = None
    return list(names)


def font_table_xml(names: list[str]) -> bytes:
    root = etree.Element(qn("w:fonts"), nsmap={"w": W_NS})
    for name in names:
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt, panose, charset, family, pitch = FONT_FACTS.get(
            name, (None, "00000000000000000000", "86" if any(ord(ch) > 0x2E7F for ch in name) else "00",
                   "auto", "variable"))
        if alt:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
        etree.SubElement(font, qn("w:panose1")).set(qn("w:val"), panose)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), charset)
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), family)
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), pitch)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def finish_package(document: Document, *, now: datetime | None = None) -> None:
    """Font table for the fonts in use; created/modified = ``now`` (the export time)."""
    table = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    table._blob = font_table_xml(used_fonts(document))
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    props = document.core_properties
    props.created = props.modified = moment
    props.last_modified_by = "hzsubsidy"
    props.revision = 1


# -- the draft watermark -------------------------------------------------------------------------
_WATERMARK = """
<w:p xmlns:w="{w}" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
 <w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>
 <w:r><w:rPr><w:noProof/></w:rPr><w:pict>
  <v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
    path="m@7,l@8,m@5,21600l@6,21600e">
   <v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>
    <v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>
    <v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>
    <v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
   <v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
    o:connectangles="270,180,90,0"/>
   <v:textpath on="t" fitshape="t"/>
   <v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
   <o:lock v:ext="edit" text="t" shapetype="t"/>
  </v:shapetype>
  <v:shape id="PowerPlusWaterMarkObject{n}" o:spid="_x0000_s{spid}" type="#_x0000_t136"
    style="position:absolute;margin-left:0;margin-top:0;width:{width}pt;height:{height}pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
    o:allowincell="f" fillcolor="#c0c0c0" stroked="f">
   <v:fill opacity=".5"/>
   <v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt" string="{text}"/>
  </v:shape>
 </w:pict></w:r>
</w:p>
"""


def add_watermark(header: Any, text: str, *, n: int, font: str = "黑体", width_pt: float = 420,
                  height_pt: float = 210) -> None:
    """Word's diagonal text watermark in ``header`` (behind the text, centred on the page's text area)."""
    xml = _WATERMARK.format(w=W_NS, n=n, spid=2049 + n, width=width_pt, height=height_pt, font=font, text=text)
    header._element.append(etree.fromstring(xml.strip()))
