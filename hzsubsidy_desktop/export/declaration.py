"""附件2 浙江省跨境电商高质量发展试点重点项目申报表 as .docx, laid out like the official form.

附件2, the title in two lines, （此表由试点县（市、区）填写）, the label/value table (所在地区;
联系人 | 联系电话; 项目名称; 目标体系, 工作体系, 政策体系, 工作保障), and a last row holding 特别注意,
"内容真实有效，同意上报。" and the two seal names with the county's name in place of ***
("安吉县商务局（盖章）", "安吉县财政局（盖章）"), each centred in one half of the row with room
above and below for a 45 mm seal that covers no text.
An empty text field shows the official guidance in grey, as the blank form does.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hzsubsidy_desktop.export import docx_style as ds
from hzsubsidy_desktop.export.docx_package import finish_package
from hzsubsidy_desktop.export.docx_page import new_document
from hzsubsidy_desktop.export.docx_table import add_table
from hzsubsidy_desktop.files import atomic_write
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.values.field_types import clean_text, display

ATTACHMENT = "附件2"
KAITI = "楷体_GB2312"
LABEL_MM = 30.0
VALUE_MM = (ds.TEXT_WIDTH_MM - 2 * LABEL_MM) / 2  # 48 mm
TEXT_ROW_MIN_MM = 14.0  # 目标体系 … 工作保障: room to write by hand on a blank form (one page when empty)
# The last row: 特别注意, the approval line, then the two seal names, each centred in one half of
# the row. A county seal is 42-45 mm across, pressed centred on its name: SEAL_CLEAR_MM above and
# below the names' line centre hold no text, and the two names are a half-row (76 mm) apart.
SEAL_MM = 45.0
SEAL_LINE_PT = 30.0
SEAL_GAP_ABOVE_MM = 18.0  # approval line bottom to seal line top: + half a line ≥ SEAL_MM / 2
SEAL_GAP_BELOW_MM = 12.0  # to the row's bottom border (a border under a seal is no text)
CLOSING_ROW_MM = 76.0


def title_lines(title: str) -> str:
    """The official title breaks after "试点": "浙江省跨境电商高质量发展试点\\n重点项目申报表"."""
    if len(title) > 18 and "试点" in title and not title.endswith("试点"):
        cut = title.index("试点") + 2
        return f"{title[:cut]}\n{title[cut:]}"
    return title


def seal_names(definition: FormDefinition, county: str) -> list[str]:
    """"安吉县商务局（盖章）", "安吉县财政局（盖章）" (*** replaced by the county)."""
    return [f"{county}{seal}" for seal in definition.declaration.seals]


def write_declaration_docx(
    definition: FormDefinition, values: Mapping[str, Any], county: str, path: Path
) -> Path:
    """Write 附件2 for ``county`` (e.g. "安吉县") with the stored values; atomic."""
    document = build_declaration(definition, values, county)
    finish_package(document)
    atomic_write(Path(path), lambda temp: document.save(str(temp)))
    return Path(path)


def build_declaration(definition: FormDefinition, values: Mapping[str, Any], county: str) -> Any:
    spec = definition.declaration
    fields = {f.key: f for f in spec.fields}
    document = new_document(title=spec.title, draft=False)
    label_font = ds.Font(east_asia=ds.HEITI, size=14)
    value_font = ds.Font(size=14)
    hint_font = ds.Font(size=12, color="808080")

    ds.add_paragraph(document, ds.Para(ATTACHMENT, ds.Font(east_asia=ds.HEITI, size=16), line_pt=28))
    ds.add_paragraph(document, ds.Para(
        title_lines(spec.title), ds.Font(east_asia=ds.XIAOBIAOSONG, size=22), align="center", line_pt=32,
        before_pt=6,
    ))
    ds.add_paragraph(document, ds.Para(
        spec.subtitle, ds.Font(east_asia=KAITI, size=16), align="center", line_pt=26, after_pt=6,
    ))

    table = add_table(document, (LABEL_MM, VALUE_MM, LABEL_MM, VALUE_MM))

    def text_of(key: str) -> str:
        fdef = fields.get(key)
        value = values.get(key)
        if fdef is None or value in (None, ""):
            return ""
        return clean_text(display(fdef, value))

    def label(key: str) -> ds.Cell:
        return ds.Cell([ds.Para(fields[key].label, label_font, align="center", line_pt=22)])

    def short(key: str, span: int) -> ds.Cell:
        return ds.Cell([ds.Para(text_of(key), value_font, align="left", line_pt=22)], span=span)

    placed = set()
    if "region" in fields:
        table.add_row([label("region"), short("region", 3)], min_height_mm=12)
        placed.add("region")
    if "contact_person" in fields and "contact_phone" in fields:
        table.add_row(
            [label("contact_person"), short("contact_person", 1), label("contact_phone"), short("contact_phone", 1)],
            min_height_mm=12,
        )
        placed.update(("contact_person", "contact_phone"))
    for f in spec.fields:
        if f.key in placed:
            continue
        if f.type != "longtext":
            table.add_row([label(f.key), short(f.key, 3)], min_height_mm=12)
            continue
        text = text_of(f.key)
        if text:
            paras = [
                ds.Para(line, value_font, align="both", line_pt=24, first_line_chars=2)
                for line in text.split("\n") if line.strip()
            ]
        else:
            paras = [ds.Para(f.help, hint_font, align="both", line_pt=20)]
        table.add_row(
            [label(f.key), ds.Cell(paras, span=3, valign="top")],
            cant_split=len(text) < 400, min_height_mm=TEXT_ROW_MIN_MM,
        )

    # the last row: 特别注意, approval and the seals
    head, _, rest = spec.notice.partition("：")
    names = seal_names(definition, county)
    inner = ds.TEXT_WIDTH_MM - 2 * ds.CELL_MARGIN_MM
    centres = [inner * (2 * i + 1) / (2 * len(names)) for i in range(len(names))]
    mm_pt = 72 / 25.4
    closing = [
        ds.Para([(head + "：", ds.Font(east_asia=ds.HEITI, size=14)), (rest, value_font)],
                align="both", line_pt=22, before_pt=4),
        ds.Para(spec.approval, ds.Font(size=16), align="right", line_pt=30, before_pt=6,
                indent_right_pt=16 * 6),
        ds.Para("".join("\t" + name for name in names), ds.Font(size=16), line_pt=SEAL_LINE_PT,
                before_pt=SEAL_GAP_ABOVE_MM * mm_pt, after_pt=SEAL_GAP_BELOW_MM * mm_pt,
                tabs=tuple(("center", x) for x in centres)),
    ]
    table.add_row([ds.Cell(closing, span=4, valign="top")], min_height_mm=CLOSING_ROW_MM)
    return document
