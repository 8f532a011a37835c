"""Which files can be imported, and reading one of them into the applications it holds.

A submission (``.hzsub``), a county package (``.hzcounty``), the ``.xlsx`` that hzsubsidy exports, or a
hand-filled Word 附件3/附件4 (``.docx``; ``.doc``/``.wps`` through LibreOffice, see :mod:`.word_import`);
every one untrusted, checked completely before anything is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.interchange.application_file import check_document
from hzsubsidy_desktop.interchange.county_package import COUNTY_SUFFIX, read_county_package
from hzsubsidy_desktop.interchange.incoming import Arrivals, Incoming
from hzsubsidy_desktop.interchange.safe_archive import SubmissionRejected
from hzsubsidy_desktop.interchange.submission import read_submission
from hzsubsidy_desktop.values.field_types import InputError

WORD_IMPORT_SUFFIXES = (".docx", ".doc", ".wps", ".docm", ".xls", ".et")
IMPORT_SUFFIXES = (".hzsub", ".hzcounty", ".xlsx", *WORD_IMPORT_SUFFIXES)




def files_under(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    """The files of ``folder`` and its subfolders with one of ``suffixes``, in name order; hidden files and
    folders and Office's ``~$`` lock files left out."""
    wanted = tuple(suffixes)
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in wanted
        and not p.name.startswith(("~$", ".")) and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to import: given files as they are, folders searched recursively for importable ones."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        out.extend(files_under(path, IMPORT_SUFFIXES) if path.is_dir() else [path])
    return out


def read_incoming(path: Path) -> list[Incoming]:
    """Read one file into the applications it holds; raises :class:`SubmissionRejected`."""
    suffix = path.suffix.lower()
    if suffix == ".hzsub":
        sub = read_submission(path)
        return [Incoming(sub.definition, sub.doc, sub.submission_id, sub.revision)]
    if suffix == COUNTY_SUFFIX:
        package = read_county_package(path)
        return Arrivals(package.incoming, package.news)
    if suffix == ".xlsx":
        return [_read_xlsx(path)]
    if suffix in WORD_IMPORT_SUFFIXES:
        from hzsubsidy_desktop.interchange.word_import import ORIGIN, read_word  # python-docx only when needed

        reading = read_word(path)
        return [Incoming(reading.definition, reading.doc, origin=ORIGIN, word=reading)]
    if path.is_dir():
        raise SubmissionRejected(f"“{path.name}”是文件夹。")
    if not path.exists():  # a name mistyped on the command line: not "not importable"
        raise SubmissionRejected(f"找不到文件“{path}”。")
    raise SubmissionRejected(
        f"“{path.name}”不是可导入的文件：应为报送文件（.hzsub）、县级汇总包（.hzcounty）、hzsubsidy 导出的 Excel（.xlsx）或手填的附件3/附件4 Word 文件（.docx）。"
    )


def _read_xlsx(path: Path) -> Incoming:
    from hzsubsidy_desktop.interchange.spreadsheet import ForeignWorkbook, read_workbook  # openpyxl when needed

    if not path.exists():
        raise SubmissionRejected(f"找不到文件“{path}”。")
    try:
        result = read_workbook(path)
    except SubmissionRejected:
        raise
    except ForeignWorkbook as exc:  # not exported by hzsubsidy: perhaps 附件4 filled by hand in Excel/WPS
        from hzsubsidy_desktop.interchange.word_import import ORIGIN, read_word

        try:
            reading = read_word(path)
        except SubmissionRejected as refused:
            if "不是附件3" not in refused.message:
                raise
            raise SubmissionRejected(f"“{path.name}”无法导入：{exc.message}也不是手填的附件3/附件4表格。") from exc
        return Incoming(reading.definition, reading.doc, origin=ORIGIN, word=reading)
    except (FormatError, InputError, ValueError, OSError, KeyError) as exc:
        raise SubmissionRejected(f"“{path.name}”无法导入：{getattr(exc, 'message', None) or exc}") from exc
    doc = result[1] if isinstance(result, tuple) else result
    try:
        definition, doc = check_document(doc)
    except FormatError as exc:
        raise SubmissionRejected(f"“{path.name}”中的申报数据无效：{exc}") from exc
    return Incoming(definition, doc)
