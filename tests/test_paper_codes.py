"""The stamped paper and the file agree: the code on every page, read back from scans and checked
against the imported applications (issue 16). Synthetic scans here are A4 pages drawn with Pillow;
the rendered-through-LibreOffice tests are system tier."""

from __future__ import annotations

import io
import struct
import subprocess
import time
import zlib
from pathlib import Path

import pytest
from county_helpers import OTHER_CODE, OTHER_ENTERPRISE, OTHER_PROJECT, Enterprise
from export_helpers import explained_application, render_pdf
from PIL import Image, ImageDraw, ImageFilter

from hzsubsidy_desktop import county as cons
from hzsubsidy_desktop.export.page_codes import code_png
from hzsubsidy_desktop.papercode import payload
from hzsubsidy_desktop.papercode.payload import PageCode, code_for, content_digest, decode
from hzsubsidy_desktop.papercode.scan import read_scans
from hzsubsidy_desktop.papercode.verify import MATCH, OLDER, OTHER, UNREADABLE
from hzsubsidy_desktop.workspace import Workspace

A4_200 = (1654, 2339)


# -- the payload -----------------------------------------------------------------------------------
def test_payload_round_trip_uses_qr_alphanumeric_characters(definition):
    code = code_for(definition, explained_application(), submission_id="0a1b2c3d" * 4, revision=3).for_page(2, 6)
    text = code.text()
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    assert text.startswith("HZS1*0A1B2C3D") and "*3*2/6*" in text and text.endswith("*F")
    assert decode(text) == code
    assert decode(code_for(definition, explained_application(), draft=True).text()).draft


@pytest.mark.parametrize("text", [
    "", "HZS1", "HZS2*ABCDEF12*1*1/2*AAAAAAAAAAAAAAAA*F", "HZS1*ABCDEF12*1*3/2*AAAAAAAAAAAAAAAA*F",
    "HZS1*ABCDEF12*1*1/2*AAAAAAAAAAAAAAA*F", "HZS1*ABCDEF12*01*1/2*AAAAAAAAAAAAAAAA*F",
    "HZS1*ABCDEF12*1*1/2*AAAAAAAAAAAAAAAA*X", "HZS1*abcdef12*1*1/2*AAAAAAAAAAAAAAAA*F",
    "HZS1*ABCDEF12*1*1/2*AAAAAAAAAAAAAAAA*F\nrm -rf", "HZS1*" + "A" * 500, None, 12, b"HZS1",
])
def test_malformed_codes_are_not_ours(text):
    assert decode(text) is None


def test_digest_changes_with_any_number_and_ignores_key_order(definition):
    doc = explained_application()
    before = content_digest(definition, doc)
    reordered = dict(reversed(list(doc.items())))
    assert content_digest(definition, reordered) == before
    doc["expenditure"][next(iter(doc["expenditure"]))][0]["spent"] = "1.01"
    assert content_digest(definition, doc) != before


# -- synthetic scans ---------------------------------------------------------------------------------
def page_image(code: PageCode, *, dpi: int = 200) -> Image.Image:
    """An A4 page at ``dpi`` with text-like bars and the 15 mm code centred 6 mm above the foot."""
    w, h = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
    page = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(page)
    for y in range(round(37 / 25.4 * dpi), round(262 / 25.4 * dpi), round(8 / 25.4 * dpi)):
        draw.rectangle((round(28 / 25.4 * dpi), y, w - round(26 / 25.4 * dpi), y + 12), fill="black")
    qr = Image.open(io.BytesIO(code_png(code)))
    modules = qr.width // 8 - 8  # code_png: 8 px a module, a 4-module quiet zone
    side = round(15 / 25.4 * dpi * (modules + 8) / modules)
    qr = qr.convert("RGB").resize((side, side), Image.NEAREST)
    margin = (side - round(15 / 25.4 * dpi)) // 2
    page.paste(qr, ((w - side) // 2, h - round(6 / 25.4 * dpi) - side + margin))
    return page


def red_seal(page: Image.Image, cx_mm: float, cy_mm: float) -> None:
    """A 42 mm stamp-red seal ring centred at (cx, cy) mm from the page's top left."""
    mm = page.size[0] / 210
    cx, cy, r = cx_mm * mm, cy_mm * mm, 21 * mm
    ImageDraw.Draw(page, "RGBA").ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 30, 30, 210),
                                         width=round(1.2 * mm))


def degrade(page: Image.Image, *, angle: float = 2.5, grey: bool = True) -> Image.Image:
    """What a scanner or a phone does: slightly rotated, grey, a red seal over the page corner, a fold shadow."""
    w, h = page.size
    red_seal(page, 200, 287)
    draw = ImageDraw.Draw(page, "RGBA")
    draw.rectangle((0, h // 2 - h // 40, w, h // 2 + h // 40), fill=(0, 0, 0, 40))  # the fold
    page = page.rotate(angle, expand=True, fillcolor="white", resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.7))
    return page.convert("L") if grey else page


def save_jpeg(image: Image.Image, path: Path, quality: int = 60) -> Path:
    image.save(path, "JPEG", quality=quality)
    return path


def county_with(tmp_path: Path, *sent: Path) -> tuple[object, Workspace]:
    from hzsubsidy_desktop.store import Store

    store = Store(tmp_path / "county.sqlite3")
    for path in sent:
        cons.import_files(store, [path])
    return store, Workspace(store, actor="clerk")


def _printed(ent: Enterprise, pages: int) -> list[PageCode]:
    definition = ent.ws.definition_for(ent.app_id)
    s = ent.ws.summary(ent.app_id)
    code = code_for(definition, ent.ws.load(ent.app_id), submission_id=s.submission_id, revision=s.revision + 1)
    return [code.for_page(k, pages) for k in range(1, pages + 1)]


def test_degraded_pages_of_the_imported_revision_match_and_a_missing_page_is_named(tmp_path):
    ent = Enterprise(tmp_path / "ent", explained_application())
    codes = _printed(ent, 3)
    sent = ent.send()
    _store, ws = county_with(tmp_path, sent)
    [app_id] = [s.id for s in ws.summaries()]
    scans = [save_jpeg(degrade(page_image(c, dpi=150), angle=a), tmp_path / f"p{c.page}.jpg")
             for c, a in zip(codes[:2], (2.5, -3.0), strict=True)]
    report = ws.verify_scans(scans, app_id)
    assert [r.kind for r in report.results] == [MATCH, MATCH]
    assert "与导入的第 1 版一致" in report.results[0].text
    assert report.missing == ("“" + ws.summary(app_id).project_name + "”第 1 版共 3 页，扫描件中缺少第 3 页。",)
    assert not report.all_match


def test_a_red_seal_across_the_code_of_a_colour_scan_still_reads(tmp_path):
    code = PageCode("0A1B2C3D" * 4, 2, 1, 1, "ABCDEFGHIJKLMNOP", False)
    page = page_image(code)
    red_seal(page, 105 + 7.5 + 15, 297 - 21 - 6)  # the ring crosses the code's upper right finder
    scan = save_jpeg(degrade(page, grey=False), tmp_path / "sealed.jpg", quality=70)
    [read] = read_scans([scan])
    assert read.codes == (code,)


def test_a_page_of_revision_1_against_imported_revision_2_is_older_with_the_changed_fields(tmp_path):
    ent = Enterprise(tmp_path / "ent", explained_application())
    first = ent.send()
    old_codes = _printed(ent, 2)  # printed after the first pack: same content as revision 1
    second = ent.send(project__address="浙江省湖州市安吉县递铺街道天荒坪路1号")
    _store, ws = county_with(tmp_path, first, second)
    [app_id] = [s.id for s in ws.summaries()]
    scan = save_jpeg(degrade(page_image(old_codes[0])), tmp_path / "old.jpg")
    [result] = ws.verify_scans([scan], app_id).results
    assert result.kind == OLDER and result.revision == 1
    assert "属于旧的第 1 版（已导入第 2 版）" in result.text
    assert [(c.label, c.new) for c in result.changes] == [(result.changes[0].label, "浙江省湖州市安吉县递铺街道天荒坪路1号")]
    assert "地址" in result.changes[0].label


def test_a_page_of_another_submission_names_that_project(tmp_path):
    ours = Enterprise(tmp_path / "ours", explained_application())
    doc = explained_application()
    doc["enterprise"].update(credit_code=OTHER_CODE, name=OTHER_ENTERPRISE)
    doc["project"]["name"] = OTHER_PROJECT
    doc["explanations"] = {}
    theirs = Enterprise(tmp_path / "theirs", doc)
    a, b = ours.send(), theirs.send(draft=True)
    their_code = PageCode(theirs.ws.summary(theirs.app_id).submission_id.upper(), 1, 1, 1,
                          content_digest(theirs.ws.definition_for(theirs.app_id), theirs.ws.load(theirs.app_id)), True)
    _store, ws = county_with(tmp_path, a, b)
    mine = next(s.id for s in ws.summaries() if s.project_name != OTHER_PROJECT)
    scan = tmp_path / "theirs.png"
    page_image(their_code).save(scan)
    [result] = ws.verify_scans([scan], mine).results
    assert result.kind == OTHER and f"属于另一份申报“{OTHER_PROJECT}”" in result.text


def _bomb_png(path: Path, side: int = 50_000) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = zlib.compress(b"\x00" * (side // 8 + 1) * 64, 9)
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b""))
    return path


def test_hostile_scans_are_unreadable_pages_never_a_crash(tmp_path):
    bomb = _bomb_png(tmp_path / "bomb.png")
    garbage = tmp_path / "garbage.jpg"
    garbage.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40)
    broken_pdf = tmp_path / "broken.pdf"
    broken_pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF")
    blank = tmp_path / "blank.png"
    Image.new("L", (800, 1100), 255).save(blank)
    not_ours = tmp_path / "not_ours.png"
    import segno

    segno.make("https://example.com/", error="m").save(not_ours, scale=8)
    pages = read_scans([bomb, garbage, broken_pdf, blank, not_ours, tmp_path / "absent.png"])
    assert [p.codes for p in pages] == [()] * 6
    assert "像素过多" in pages[0].problem or "图像过大" in pages[0].problem
    assert "未识别到二维码" in pages[3].problem
    assert "不是本系统生成" in pages[4].problem
    _store, ws = county_with(tmp_path)
    report = ws.verify_scans([blank])
    assert [r.kind for r in report.results] == [UNREADABLE]
    assert "“blank.png”第 1 页：无法识别" in report.results[0].text and "请人工核对此页" in report.results[0].text


def test_the_payload_stays_small_enough_for_15_mm():
    import segno

    code = PageCode("F" * 32, 9999, 99, 99, "A" * payload.DIGEST_CHARS, False)
    qr = segno.make(code.text(), error="m", micro=False)
    assert qr.version <= 4 and qr.error in ("M", "Q")
    assert 15 / len(qr.matrix) >= 0.45 - 1e-9  # mm per module


# -- rendered through LibreOffice -------------------------------------------------------------------
def _rasterise(pdf: Path, out: Path, dpi: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out / "p")], check=True, timeout=120)
    return sorted(out.glob("p*.png"))


@pytest.mark.system
@pytest.mark.slow
def test_exported_pdf_pages_verify_after_a_phone_and_a_scanner(tmp_path):
    from cli_helpers import run_cli

    ent = Enterprise(tmp_path / "ent", explained_application())
    first = ent.ws.export(ent.app_id, tmp_path / "print1", pdf=True)
    rev1 = ent.send()
    ent.ws.edit(ent.app_id, "/project/address", "浙江省湖州市安吉县递铺街道天荒坪路1号")
    second = ent.ws.export(ent.app_id, tmp_path / "print2", pdf=True)
    rev2 = ent.send()
    county_db = tmp_path / "county.sqlite3"
    store, ws = county_with(tmp_path, rev1, rev2)
    store.close()
    pngs = _rasterise(second.pdf, tmp_path / "r2", 150)
    assert len(pngs) >= 2
    scans = [save_jpeg(degrade(Image.open(p).convert("RGB"), angle=(-1) ** i * 2.0), tmp_path / f"s{i}.jpg")
             for i, p in enumerate(pngs)]
    done = run_cli("verify-scan", "--db", str(county_db), *map(str, scans))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("与导入的第 2 版一致") == len(scans)
    as_pdf = tmp_path / "scanned.pdf"  # the same pages as a scanner's PDF: read back through pdftoppm
    images = [Image.open(s) for s in scans]
    images[0].save(as_pdf, "PDF", resolution=150, save_all=True, append_images=images[1:])
    done = run_cli("verify-scan", "--db", str(county_db), str(as_pdf))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"“scanned.pdf”第 {len(scans)} 页（纸面第 {len(scans)}/{len(scans)} 页）：与导入的第 2 版一致" in done.stdout
    assert f"共 {len(scans)} 页：{len(scans)} 页与导入版本一致。" in done.stdout
    old = _rasterise(first.pdf, tmp_path / "r1", 200)[0]
    giant = tmp_path / "giant.pdf"  # a page declared 5 m × 5 m: never rasterised at 200 dpi
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(14400, 14400)
    writer.write(giant)
    started = time.perf_counter()
    done = run_cli("verify-scan", "--db", str(county_db), str(giant))
    assert done.returncode == 1 and "“giant.pdf”第 1 页：无法识别" in done.stdout
    assert time.perf_counter() - started < 30
    mixed = run_cli("verify-scan", "--db", str(county_db), str(old), str(scans[1]))
    assert mixed.returncode == 1
    assert "“p-1.png”第 1 页（纸面第 1/" in mixed.stdout and "属于旧的第 1 版（已导入第 2 版）" in mixed.stdout
    assert "浙江省湖州市安吉县递铺街道天荒坪路1号" in mixed.stdout
    assert "的纸件混有 2 个不同版本的页面" in mixed.stdout
    excel = render_pdf(second.xlsx, tmp_path / "excel")  # the Excel as printed: its sheets' first pages
    excel_pages = _rasterise(excel, tmp_path / "rx", 200)
    done = run_cli("verify-scan", "--db", str(county_db), *map(str, excel_pages))
    assert done.stdout.count("（文档码）：与导入的第 2 版一致") == 2, done.stdout


def test_the_word_footer_carries_the_document_code_floating_in_the_foot_margin(tmp_path, definition):
    import zipfile

    import zxingcpp

    ent = Enterprise(tmp_path / "ent", explained_application())
    result = ent.ws.export(ent.app_id, tmp_path / "out")
    summary = ent.ws.summary(ent.app_id)
    assert summary.submission_id and summary.revision == 0  # the id is given on the first final export
    with zipfile.ZipFile(result.docx) as z:
        footers = [n for n in z.namelist() if n.startswith("word/footer") and n.endswith(".xml")]
        anchored = [n for n in footers if b"<wp:anchor" in z.read(n) and b'relativeFrom="page"' in z.read(n)]
        images = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert len(anchored) == 2  # odd and even pages' footers
    [text] = {r.text for img in images for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(img)))}
    code = decode(text)
    assert code is not None and (code.page, code.pages, code.draft) == (0, 0, False)
    assert code.submission_id == summary.submission_id.upper() and code.revision == 1
    assert code.digest == content_digest(definition, ent.ws.load(ent.app_id))
    packed = ent.send()  # the submission file carries the identity printed on the paper
    from hzsubsidy_desktop.interchange.submission import read_submission

    sub = read_submission(packed)
    assert (sub.submission_id.upper(), sub.revision) == (code.submission_id, code.revision)


def test_the_excel_sheets_carry_the_document_code_in_their_first_row(tmp_path, definition):
    import openpyxl
    import zxingcpp

    from hzsubsidy_desktop.export.xlsx_form import SHEET3_NAME, SHEET4_NAME

    ent = Enterprise(tmp_path / "ent", explained_application())
    result = ent.ws.export(ent.app_id, tmp_path / "out", draft=True)
    book = openpyxl.load_workbook(result.xlsx)
    for name in (SHEET3_NAME, SHEET4_NAME):
        sheet = book[name]
        [image] = sheet._images
        [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(image._data())))
        code = decode(found.text)
        assert code is not None and code.draft and code.page == 0
        assert code.digest == content_digest(definition, ent.ws.load(ent.app_id))
        assert sheet.row_dimensions[1].height * 25.4 / 72 >= 15  # the picture fits in row 1, over no text


def test_decode_never_raises_and_accepts_only_what_encode_writes():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:HZS1*/") + ["\x00", "é", "\n"])

    @settings(max_examples=400, deadline=None)
    @given(st.one_of(st.text(alphabet, max_size=120), st.text(max_size=300)))
    def check(text: str) -> None:
        code = decode(text)
        assert code is None or decode(code.text()) == code

    check()


def test_a_scanners_pdf_is_read_without_poppler_too(tmp_path, monkeypatch):
    from hzsubsidy_desktop.papercode import scan as scan_module

    codes = [PageCode("0A1B2C3D" * 4, 1, k, 2, "ABCDEFGHIJKLMNOP", False) for k in (1, 2)]
    pages = [degrade(page_image(c, dpi=150)) for c in codes]
    scanned = tmp_path / "scanner.pdf"
    pages[0].save(scanned, "PDF", resolution=150, save_all=True, append_images=pages[1:])
    monkeypatch.setattr(scan_module.shutil, "which", lambda _name: None)  # as on Windows
    read = read_scans([scanned])
    assert [p.codes for p in read] == [(codes[0],), (codes[1],)]
    text_only = tmp_path / "text.pdf"
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(text_only)
    [blank] = read_scans([text_only])
    assert blank.codes == () and "没有可读取的扫描图像" in blank.problem
    [bomb] = read_scans([_pdf_declaring_a_huge_picture(tmp_path / "bomb.pdf")])
    assert bomb.codes == () and "图像过大（100000×100000 像素）" in bomb.problem


def _pdf_declaring_a_huge_picture(path: Path) -> Path:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    picture = DecodedStreamObject()
    picture.set_data(zlib.compress(b"\x00" * 1_000_000))
    picture.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
        NameObject("/Width"): NumberObject(100_000), NameObject("/Height"): NumberObject(100_000),
        NameObject("/ColorSpace"): NameObject("/DeviceGray"), NameObject("/BitsPerComponent"): NumberObject(8),
        NameObject("/Filter"): NameObject("/FlateDecode"),
    })
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(picture)})}
    )
    writer.write(path)
    return path
