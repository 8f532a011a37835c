"""Reading the page codes from scanned pages (PDF from a scanner, PNG/JPG/TIFF from a scanner or a phone).

Scans come from outside and are untrusted: a file larger than :data:`MAX_FILE_BYTES`, a page with more
than :data:`MAX_PIXELS` pixels (decompression bombs included) or more than :data:`MAX_PAGES` pages is
refused page by page with a Chinese reason; any failure of the rasteriser or the decoder makes that page
"unreadable". Nothing here raises for a bad scan. PDFs are rasterised by poppler's ``pdftoppm``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hzsubsidy_desktop.papercode.payload import PageCode, decode

DPI = 200
LONG_SIDE_PX = round(297 / 25.4 * DPI) + 60  # an A4 page's long side at about 200 dpi
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a 40 MP phone photo fits; an A4 page at 600 dpi is 35 MP
MAX_PAGES = 200
PDF_TIMEOUT_SECONDS = 120
IMAGE_FORMATS = ["PNG", "JPEG", "TIFF", "BMP", "WEBP"]
_RASTER_FORMATS = ["PPM"]  # what pdftoppm writes


@dataclass(frozen=True)
class ScanPage:
    """One scanned page: where it came from, the codes read on it, or why none could be read."""

    source: str  # the scan file's name
    number: int  # 1-based page within that file
    codes: tuple[PageCode, ...] = ()
    problem: str = ""  # Chinese, when no code could be read

    @property
    def where(self) -> str:
        return f"“{self.source}”第 {self.number} 页"


def read_scans(paths: Iterable[str | Path]) -> list[ScanPage]:
    """Every page of every scan file, in order, with the codes found on it."""
    pages: list[ScanPage] = []
    for path in paths:
        pages.extend(_read_file(Path(path)))
    return pages


def _read_file(path: Path) -> Iterator[ScanPage]:
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        yield ScanPage(name, 1, problem=f"无法读取文件（{exc.strerror or exc}）")
        return
    if size > MAX_FILE_BYTES:
        yield ScanPage(name, 1, problem=f"文件过大（超过 {MAX_FILE_BYTES // (1024 * 1024)} MB），未读取")
        return
    if head.startswith(b"%PDF"):
        yield from _read_pdf(path)
    else:
        yield from _read_image(path)


def _read_pdf(path: Path) -> Iterator[ScanPage]:
    name = path.name
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:  # e.g. Windows: a scanner's PDF is one picture a page, read those
        yield from _read_pdf_pictures(path)
        return
    with tempfile.TemporaryDirectory(prefix="hzsubsidy-scan-") as work:
        # grey PGM: no PNG compression to pay for (six A4 pages at 200 dpi: 0.3 s instead of 4 s)
        # -scale-to bounds every page's pixels whatever size the PDF declares (an A4 page: about 200 dpi)
        command = [pdftoppm, "-scale-to", str(LONG_SIDE_PX), "-gray", "-l", str(MAX_PAGES), str(path),
                   str(Path(work) / "p")]
        try:
            result = subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.SubprocessError):
            result = None
        images = sorted(Path(work).glob("p*.pgm"), key=lambda p: int(p.stem.rpartition("-")[2] or 0))
        if not images:
            detail = "" if result is None else (result.stderr or b"").decode("utf-8", "replace").strip()[-120:]
            yield ScanPage(name, 1, problem=f"PDF 无法读取（{detail or '文件损坏或不是 PDF'}）")
            return
        for number, image in enumerate(images, start=1):
            page = next(iter(_read_image(image, display=name, first=number, formats=_RASTER_FORMATS)), None)
            if page is not None:
                yield page


def _read_image(
    path: Path, *, display: str | None = None, first: int = 1, formats: list[str] = IMAGE_FORMATS
) -> Iterator[ScanPage]:
    from PIL import Image

    name = display or path.name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=formats) as img:
                frames = getattr(img, "n_frames", 1)
                for index in range(min(frames, MAX_PAGES)):
                    img.seek(index)
                    number = first + index
                    width, height = img.size
                    if width * height > MAX_PIXELS:
                        yield ScanPage(name, number, problem=f"图像过大（{width}×{height} 像素），未读取")
                        continue
                    yield _decode_page(img, name, number)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        yield ScanPage(name, first, problem="图像像素过多（疑似压缩炸弹），未读取")
    except Exception:  # noqa: BLE001 - any failure of an untrusted image is "unreadable"
        yield ScanPage(name, first, problem="不是可读取的图像或 PDF 文件")


def _decode_page(img: Any, name: str, number: int) -> ScanPage:
    try:
        import zxingcpp

        def read(image: Any) -> list[str]:
            return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]

        grey = img.convert("L")
        texts = read(grey)
        if not texts and img.mode in ("RGB", "RGBA", "P", "CMYK"):
            # a red seal over the code: in the red channel stamp-red ink is as light as the paper
            texts = read(img.convert("RGB").getchannel("R"))
        if not texts and min(grey.size) > 2000:
            texts = read(grey.reduce(2))  # small codes in large photos: a second look at half size
    except Exception:  # noqa: BLE001 - a decoder failure is "unreadable", never a crash
        return ScanPage(name, number, problem="无法识别二维码")
    codes = tuple(c for c in (decode(t) for t in texts) if c is not None)
    if codes:
        return ScanPage(name, number, codes)
    if texts:
        return ScanPage(name, number, problem="页面上的二维码不是本系统生成的页码码")
    return ScanPage(name, number, problem="未识别到二维码")


def _read_pdf_pictures(path: Path) -> Iterator[ScanPage]:
    """Without pdftoppm: the largest picture on each page (a scanner's PDF holds one per page). The
    declared size is checked before anything is decoded; any failure makes that page unreadable."""
    name = path.name
    try:
        from pypdf import PdfReader

        reader = PdfReader(path)
        pages = list(reader.pages)[:MAX_PAGES]
    except Exception:  # noqa: BLE001 - an untrusted PDF that cannot be opened
        yield ScanPage(name, 1, problem="PDF 无法读取（文件损坏或不是 PDF）")
        return
    for number, page in enumerate(pages, start=1):
        try:
            image = _largest_picture(page)
        except Exception:  # noqa: BLE001 - any failure of an untrusted page is "unreadable"
            image = None
        if image is None:
            yield ScanPage(name, number, problem="此页没有可读取的扫描图像（未安装 pdftoppm 时只能读取扫描仪生成的 PDF）")
        elif isinstance(image, str):
            yield ScanPage(name, number, problem=image)
        else:
            yield _decode_page(image, name, number)


def _largest_picture(page: Any) -> Any:
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None:
        return None
    best: tuple[int, str] | None = None
    for key, ref in xobjects.get_object().items():
        obj = ref.get_object()
        if obj.get("/Subtype") != "/Image":
            continue
        width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
        if width <= 0 or height <= 0:
            continue
        if width * height > MAX_PIXELS:
            return f"图像过大（{width}×{height} 像素），未读取"
        if best is None or width * height > best[0]:
            best = (width * height, key)
    if best is None:
        return None
    wanted = best[1].lstrip("/")
    for picture in page.images:
        if picture.name.rsplit(".", 1)[0].lstrip("/") == wanted or len(page.images) == 1:
            return picture.image
    return None
