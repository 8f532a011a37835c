"""The .docx packages: font table, core properties, and the draft watermark (Word and its PDF)."""

from __future__ import annotations

import subprocess
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from export_helpers import render_pdf
from lxml import etree

from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.export.declaration import write_declaration_docx
from hzsubsidy_desktop.export.docx_form import write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OFFICIAL = {"仿宋_GB2312": "仿宋", "方正小标宋简体": "宋体", "黑体": "SimHei"}


def _part(path, name) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


@pytest.fixture
def exported(tmp_path, definition):
    final, draft = tmp_path / "final.docx", tmp_path / "draft.docx"
    write_docx(definition, sample_application(), final)
    write_docx(definition, sample_application(), draft, draft=True)
    return final, draft


def test_font_table_lists_the_official_fonts_with_fallbacks_and_nothing_else(exported, tmp_path, definition):
    declaration = write_declaration_docx(definition, {"region": "湖州市安吉县"}, "安吉县", tmp_path / "a2.docx")
    for path in (*exported, declaration):
        fonts = {f.get(f"{W}name"): f for f in _part(path, "word/fontTable.xml").iter(f"{W}font")}
        for name, alt in OFFICIAL.items():
            assert fonts[name].find(f"{W}altName").get(f"{W}val") == alt
            assert fonts[name].find(f"{W}charset").get(f"{W}val") == "86"  # GB2312
            assert len(fonts[name].find(f"{W}panose1").get(f"{W}val")) == 20
        assert not {"ＭＳ 明朝", "ＭＳ ゴシック", "Cambria", "Calibri", "Arial"} & set(fonts)
        assert "Times New Roman" in fonts


def test_created_and_modified_are_the_export_time(exported):
    ns = {"dcterms": "http://purl.org/dc/terms/"}
    core = _part(exported[0], "docProps/core.xml")
    for tag in ("created", "modified"):
        stamp = datetime.fromisoformat(core.find(f"dcterms:{tag}", ns).text.replace("Z", "+00:00"))
        assert abs(datetime.now(UTC) - stamp) < timedelta(minutes=5)


def _watermarks(path) -> list[str]:
    found = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("word/header"):
                root = etree.fromstring(z.read(name))
                for shape in root.iter("{urn:schemas-microsoft-com:vml}shape"):
                    path_el = shape.find("{urn:schemas-microsoft-com:vml}textpath")
                    assert "rotation:315" in shape.get("style") and "z-index:-" in shape.get("style")  # behind
                    found.append(path_el.get("string"))
    return found


def test_draft_has_a_diagonal_watermark_in_every_header_and_a_marked_title(exported):
    final, draft = exported
    assert _watermarks(final) == []
    assert _watermarks(draft) == ["草稿", "草稿"]  # odd and even page headers
    ns = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert _part(draft, "docProps/core.xml").find("dc:title", ns).text.endswith("（草稿）")
    assert "草稿" not in _part(final, "docProps/core.xml").find("dc:title", ns).text


def _shades(pdf, out_dir) -> list[Counter]:
    """Grey levels of each page, rendered without anti-aliasing (text is pure black, the mark 50% silver)."""
    subprocess.run(["pdftoppm", "-r", "20", "-gray", "-aa", "no", "-aaVector", "no", str(pdf),
                    str(out_dir / "page")], check=True, capture_output=True, timeout=120)
    pages = []
    for pgm in sorted(out_dir.glob("page-*.pgm")):
        magic, _width, _height, _depth, pixels = pgm.read_bytes().split(maxsplit=4)  # P5 W H 255 <bytes>
        assert magic == b"P5"
        pages.append(Counter(pixels))
    return pages


@pytest.mark.slow
@pytest.mark.system
def test_draft_pdf_shows_the_watermark_behind_the_text_on_every_page(exported, tmp_path):
    final = _shades(render_pdf(exported[0], tmp_path / "final"), tmp_path / "final")
    draft = _shades(render_pdf(exported[1], tmp_path / "draft"), tmp_path / "draft")
    assert len(draft) == len(final) >= 4
    silver = 223  # #c0c0c0 at 50 % opacity over white
    for plain, marked in zip(final, draft, strict=True):
        assert plain[silver] == 0
        assert marked[silver] > 0.05 * sum(marked.values())  # a large diagonal mark on the page
        assert marked[0] >= 0.97 * plain[0]  # the text stays black: the mark is behind it


def test_every_cell_width_is_the_sum_of_its_grid_columns(exported, tmp_path, definition):
    """WPS lays tables out by w:gridCol: every cell's w:tcW must equal the grid columns it spans."""
    declaration = write_declaration_docx(definition, {"region": "湖州市安吉县"}, "安吉县", tmp_path / "a2.docx")
    for path in (*exported, declaration):
        body = _part(path, "word/document.xml")
        tables = list(body.iter(f"{W}tbl"))
        assert tables
        for tbl in tables:
            grid = [int(g.get(f"{W}w")) for g in tbl.iter(f"{W}gridCol")]
            for tr in tbl.iter(f"{W}tr"):
                col = 0
                for tc in tr.iter(f"{W}tc"):
                    pr = tc.find(f"{W}tcPr")
                    span_el = pr.find(f"{W}gridSpan")
                    span = int(span_el.get(f"{W}val")) if span_el is not None else 1
                    assert int(pr.find(f"{W}tcW").get(f"{W}w")) == sum(grid[col:col + span])
                    col += span
                assert col == len(grid)
