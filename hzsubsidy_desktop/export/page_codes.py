"""The QR code on the printed pages (see :mod:`hzsubsidy_desktop.papercode.payload` for what it holds).

- PDF: every page gets its own code (page k of N), drawn as vector squares with a white quiet zone,
  centred in the foot margin under the page number line (GB/T 9704 margins leave 35 mm there; the
  code takes 15 mm from 6 mm above the paper's edge), never over the text or the seal.
- Word and Excel cannot vary a picture per page: they carry the document-level code (page 0)
  as a PNG (:func:`code_png`).
"""

from __future__ import annotations

import io
from pathlib import Path

from hzsubsidy_desktop.files import ExportError, atomic_write
from hzsubsidy_desktop.papercode.payload import PageCode

CODE_MM = 15.0
BOTTOM_MM = 6.0
_PT_PER_MM = 72 / 25.4


def _matrix(code: PageCode) -> tuple[bytearray, ...]:
    import segno

    return segno.make(code.text(), error="m", micro=False).matrix


def code_png(code: PageCode, *, scale: int = 8) -> bytes:
    """The code as a PNG (4-module quiet zone), for Word's footer and the Excel sheets."""
    import segno

    buffer = io.BytesIO()
    segno.make(code.text(), error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def _operators(code: PageCode, page_width: float) -> bytes:
    matrix = _matrix(code)
    n = len(matrix)
    size = CODE_MM * _PT_PER_MM
    module = size / n
    x0 = (page_width - size) / 2
    y0 = BOTTOM_MM * _PT_PER_MM
    quiet = 2 * module
    ops = [f"q 1 g {x0 - quiet:.3f} {y0 - quiet:.3f} {size + 2 * quiet:.3f} {size + 2 * quiet:.3f} re f 0 g"]
    for row, line in enumerate(matrix):
        y = y0 + size - (row + 1) * module
        col = 0
        while col < n:
            if line[col]:
                start = col
                while col < n and line[col]:
                    col += 1
                ops.append(f"{x0 + start * module:.3f} {y:.3f} {(col - start) * module:.3f} {module:.3f} re")
            else:
                col += 1
    ops.append("f Q")
    return "\n".join(ops).encode("ascii")


def stamp_pdf(path: Path, code: PageCode) -> int:
    """Draw page k/N's code on every page of the PDF at ``path`` (rewritten atomically); returns N."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream

    path = Path(path)
    try:
        reader = PdfReader(path)
        writer = PdfWriter()
        pages = len(reader.pages)
        for number, page in enumerate(reader.pages, start=1):
            width = float(page.mediabox.width)
            overlay = ContentStream(None, reader)
            overlay.set_data(_operators(code.for_page(number, pages), width))
            writer.add_page(page)
            added = writer.pages[-1]
            added.merge_page(_overlay_page(writer, overlay, page), over=True)
    except ExportError:
        raise
    except Exception as exc:  # noqa: BLE001 - a PDF LibreOffice wrote but pypdf cannot read
        raise ExportError(f"无法在 PDF 上加印页码二维码：{exc}") from exc

    def write(tmp: Path) -> None:
        with tmp.open("wb") as fh:
            writer.write(fh)

    atomic_write(path, write)
    return pages


def _overlay_page(writer: object, stream: object, like: object) -> object:
    from pypdf import PageObject
    from pypdf.generic import NameObject

    box = like.mediabox  # type: ignore[attr-defined]
    blank = PageObject.create_blank_page(width=float(box.width), height=float(box.height))
    blank[NameObject("/Contents")] = stream
    return blank


__all__ = ["code_png", "stamp_pdf"]


# -- Word: the document-level code, floating in the foot margin of every page ----------------------
def add_docx_code(document: object, code: PageCode) -> None:
    """Put the document-level code (page 0) in every footer of ``document`` as a picture anchored to the
    page at the same place as the PDF's codes, so it never moves the text (Word shares a footer picture
    among all pages: it cannot carry page k/N)."""
    from docx.shared import Mm

    png = io.BytesIO(code_png(code))
    for section in document.sections:  # type: ignore[attr-defined]
        footers = [section.footer]
        if document.settings.odd_and_even_pages_header_footer:  # type: ignore[attr-defined]
            footers.append(section.even_page_footer)
        if section.different_first_page_header_footer:
            footers.append(section.first_page_footer)
        for footer in footers:
            paragraph = footer.paragraphs[-1] if footer.paragraphs else footer.add_paragraph()
            png.seek(0)
            run = paragraph.add_run()
            side = Mm(CODE_MM * _PNG_SIDE_RATIO)
            run.add_picture(png, width=side, height=side)
            _float(run, side, section.page_width, section.page_height)


# the PNG carries a 4-module quiet zone round the 33 modules of a version-4 code
_PNG_SIDE_RATIO = (33 + 8) / 33


def _float(run: object, side: int, page_width: int, page_height: int) -> None:
    """Turn the run's inline picture into one anchored to the page (no text wrapping, in front)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    inline = run._r.find(".//" + qn("wp:inline"))  # type: ignore[attr-defined]
    if inline is None:
        return
    x = (int(page_width) - side) // 2
    y = int(page_height) - int(BOTTOM_MM * 36000) - side + (side - int(CODE_MM * 36000)) // 2
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp")} distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264"'
        ' behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{side}" cy="{side}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/></wp:anchor>'
    )
    for child in inline:
        if child.tag in (qn("wp:docPr"), qn("wp:cNvGraphicFramePr"), qn("a:graphic")):
            anchor.append(child)
    inline.getparent().replace(inline, anchor)


# -- Excel: the document-level code at the right end of each printed sheet's first row ---------------
def add_xlsx_code(ws: object, code: PageCode, last_column: int) -> None:
    """The document-level code in the top right corner of ``ws``'s print area (row 1, beside the
    "附件N" number; the row is made tall enough, so the picture covers no text)."""
    from openpyxl.drawing.image import Image as SheetImage
    from openpyxl.drawing.spreadsheet_drawing import AbsoluteAnchor
    from openpyxl.drawing.xdr import XDRPoint2D, XDRPositiveSize2D
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.units import pixels_to_EMU

    side_mm = CODE_MM * _PNG_SIDE_RATIO
    side_px = round(side_mm / 25.4 * 96)
    image = SheetImage(io.BytesIO(code_png(code)))
    image.width = image.height = side_px
    row1 = ws.row_dimensions[1]  # type: ignore[attr-defined]
    row1.height = max(row1.height or 15, side_mm * _PT_PER_MM + 2)
    widths = []
    for col in range(1, last_column + 1):
        width = ws.column_dimensions[get_column_letter(col)].width or 8.43  # type: ignore[attr-defined]
        widths.append(int(width * 7 + 5))  # Excel's pixels at 96 dpi for a width in characters
    x = max(0, sum(widths) - side_px - 4)
    image.anchor = AbsoluteAnchor(
        pos=XDRPoint2D(pixels_to_EMU(x), pixels_to_EMU(1)),
        ext=XDRPositiveSize2D(pixels_to_EMU(side_px), pixels_to_EMU(side_px)),
    )
    ws.add_image(image)  # type: ignore[attr-defined]
