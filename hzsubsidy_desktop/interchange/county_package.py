"""The county package (县级汇总包, ``.hzcounty``) a city clerk imports: reading and checking one.

Written by :func:`hzsubsidy_desktop.county.package.pack_county`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.files import safe_file_part
from hzsubsidy_desktop.interchange.application_file import check_document
from hzsubsidy_desktop.interchange.county_removals import PackageNews, read_news
from hzsubsidy_desktop.interchange.county_travel import SUBMISSION_ID, read_decisions, read_paper_check
from hzsubsidy_desktop.interchange.incoming import Incoming
from hzsubsidy_desktop.interchange.safe_archive import (
    MANIFEST,
    Limits,
    SafeArchive,
    SubmissionRejected,
    check_manifest_header,
)
from hzsubsidy_desktop.values.field_types import clean_text

COUNTY_KIND = "hzsubsidy-county"
COUNTY_SUFFIX = ".hzcounty"
COUNTY_FORMAT_VERSION = 1
COUNTY_MEMBER = "county.json"
COUNTY_KEYS = ("city", "county", "contact_person", "contact_phone")
COUNTY_LIMITS = Limits(
    archive_bytes=300 * 1024 * 1024,
    members=10_002,
    member_bytes=20 * 1024 * 1024,
    json_bytes=20 * 1024 * 1024,
    total_bytes=400 * 1024 * 1024,
)


@dataclass(frozen=True)
class CountyPackage:
    manifest: dict[str, Any]
    county: dict[str, str]
    declaration: dict[str, Any]
    incoming: list[Incoming]
    news: PackageNews  # when and by whom it was written, and what the county removed since earlier packages


def county_package_name(county: Mapping[str, str]) -> str:
    place = safe_file_part(f"{county.get('city', '')}{county.get('county', '')}") or "县级"
    return f"{place}_重点项目汇总{COUNTY_SUFFIX}"


def _short_text(value: Any, limit: int = 40) -> str | None:
    if not isinstance(value, str):
        return None
    value = clean_text(value).strip()
    return value[:limit] if value else None


REVIEW_STATES = ("待审核", "已通过", "需修改", "退回")


def _review(entry: Mapping[str, Any], county: str) -> tuple[str | None, str | None, str | None, str | None]:
    """The county's review of one application: (state, comment, reviewing county, date); an unknown state
    is kept as None (the city then sees "未审核"), never guessed."""
    state = entry.get("review_state")
    state = state if state in REVIEW_STATES else None
    comment = entry.get("review_comment")
    comment = clean_text(comment).strip()[:500] if isinstance(comment, str) else None
    reviewer = _short_text(entry.get("reviewer_county")) or county
    date = _short_text(entry.get("review_date"), 32)
    return state, comment or None, reviewer, date


def read_county_package(path: str | Path) -> CountyPackage:
    """Read and check a ``.hzcounty`` file; raises :class:`SubmissionRejected` (all or nothing)."""
    path = Path(path)
    name = path.name
    with SafeArchive(path, "县级汇总包", COUNTY_LIMITS) as archive:
        if MANIFEST not in archive.names:
            raise SubmissionRejected(f"“{name}”缺少 manifest.json，不是 hzsubsidy 生成的县级汇总包。")
        manifest = check_manifest_header(
            archive.read_json(MANIFEST), name, kind=COUNTY_KIND, what="hzsubsidy 县级汇总包",
            version=COUNTY_FORMAT_VERSION,
        )
        members = archive.verify(manifest)
    entries = manifest.get("applications")
    if not isinstance(entries, list):
        raise SubmissionRejected(f"“{name}”的 manifest.json 缺少申报清单（applications）。")
    try:
        settings = docs.loads(members.get(COUNTY_MEMBER, b""))
    except FormatError as exc:
        raise SubmissionRejected(f"“{name}”中的 county.json 无效：{exc}") from exc
    county_raw = settings.get("county") if isinstance(settings.get("county"), dict) else {}
    county = {k: _short_text(county_raw.get(k)) or "" for k in COUNTY_KEYS}
    declaration = settings.get("declaration") if isinstance(settings.get("declaration"), dict) else {}
    incoming = []
    for number, entry in enumerate(entries, start=1):
        where = f"第{number}个申报"
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or entry["file"] not in members:
            raise SubmissionRejected(f"“{name}”的{where}在清单中缺少对应文件。")
        try:
            definition, doc = check_document(docs.loads(members[entry["file"]]), owned=True)
        except FormatError as exc:
            raise SubmissionRejected(f"“{name}”的{where}（{entry['file']}）无效：{exc}") from exc
        for key, pointer, label in (
            ("credit_code", "/enterprise/credit_code", "统一社会信用代码"), ("project_name", "/project/name", "项目名称")
        ):
            if str(entry.get(key) or "") != str(docs.get(doc, pointer) or ""):
                raise SubmissionRejected(f"“{name}”的{where}：清单与申报数据的{label}不一致，文件可能被改动过。")
        sid = entry.get("submission_id")
        sid = sid if isinstance(sid, str) and SUBMISSION_ID.fullmatch(sid) else None
        rev = entry.get("revision")
        rev = rev if isinstance(rev, int) and not isinstance(rev, bool) and 0 <= rev <= 1_000_000 else None
        city = _short_text(entry.get("city")) or county["city"]
        cty = _short_text(entry.get("county")) or county["county"]
        if not city or not cty:
            raise SubmissionRejected(f"“{name}”的{where}缺少所在设区市或县（市、区）。")
        label = f"{cty} {str(docs.get(doc, '/project/name') or '')[:40]}"
        where = f"“{name}”的{where}"
        incoming.append(Incoming(
            definition, doc, sid, rev, (city, cty), label, _review(entry, cty),
            decisions=read_decisions(entry, where, cty), paper_check=read_paper_check(entry, where, cty),
        ))
    listed = {item.submission_id for item in incoming if item.submission_id}
    news = read_news(manifest, name, (county["city"], county["county"]), listed)
    return CountyPackage(manifest, county, declaration, incoming, news)
