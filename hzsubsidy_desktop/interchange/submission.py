"""The submission file (报送文件, ``.hzsub``): what an enterprise sends to its county.

A ``.hzsub`` file is a zip archive holding

- ``manifest.json``: format version, app version, time, the submission id (stays the same
  across re-sends of the same application), the revision number (grows with every pack),
  form id, credit code, project name, and the SHA-256 and size of every other member;
- ``application.json``: the application (interchange JSON, see :mod:`hzsubsidy_desktop.document`);
- the exported 附件3–4 ``.docx`` and ``.xlsx``.

Files arriving at the county are untrusted. :func:`read_submission` never extracts anything: it
checks the archive's directory (member count, names, declared sizes, compression ratios), then
streams each member with a size cap, verifies the manifest's hashes, and checks the application
against the schema. Anything wrong raises :class:`SubmissionRejected` with a Chinese reason.
The zip part is :mod:`hzsubsidy_desktop.interchange.safe_archive`, shared with the county package.
"""

from __future__ import annotations

import re
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import __version__
from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.files import safe_file_part
from hzsubsidy_desktop.formdef import FormDefinition, load_definition
from hzsubsidy_desktop.interchange.application_file import check_document
from hzsubsidy_desktop.interchange.safe_archive import (
    MANIFEST,
    SUBMISSION_LIMITS,
    Limits,
    SafeArchive,
    SubmissionRejected,
    check_manifest_header,
    write_archive,
)
from hzsubsidy_desktop.papercode.payload import code_for
from hzsubsidy_desktop.store import Store

SUFFIX = ".hzsub"
KIND = "hzsubsidy-submission"
FORMAT_VERSION = 1
APPLICATION = "application.json"


_SUBMISSION_ID = re.compile(r"^[0-9a-fA-F-]{8,64}$")


@dataclass(frozen=True)
class Submission:
    manifest: dict[str, Any]
    definition: FormDefinition
    doc: dict[str, Any]
    path: Path | None = None

    @property
    def submission_id(self) -> str:
        return str(self.manifest["submission_id"])

    @property
    def revision(self) -> int:
        return int(self.manifest["revision"])


# -- names ---------------------------------------------------------------------------------
def submission_file_name(doc: Mapping[str, Any]) -> str:
    """``<统一社会信用代码>_<项目名称>.hzsub`` (sanitised)."""
    code = safe_file_part(str(docs.get(doc, "/enterprise/credit_code") or ""), limit=18) or "无信用代码"
    name = safe_file_part(str(docs.get(doc, "/project/name") or "")) or "未命名项目"
    return f"{code}_{name}{SUFFIX}"


def pack_application(store: Store, app_id: str, out_dir: Path, *, draft: bool = False) -> Path:
    """Write ``<信用代码>_<项目名称>.hzsub`` for one application into ``out_dir``; returns its path.

    The first pack gives the application a submission id; every pack raises the revision by one.
    Raises ``hzsubsidy_desktop.export.ExportBlocked`` when the application has blocking findings
    and ``draft`` is False, :class:`~hzsubsidy_desktop.files.ExportError` when a file cannot be written.
    """
    from hzsubsidy_desktop.export import export_application

    out_dir = Path(out_dir)
    summary = store.summary(app_id)
    definition = load_definition(summary.form_id)
    doc = docs.canonical(definition, store.load(app_id))
    submission_id = summary.submission_id or uuid.uuid4().hex
    revision = summary.revision + 1
    code = code_for(definition, doc, submission_id=submission_id, revision=revision, draft=draft)
    with tempfile.TemporaryDirectory(prefix="hzsub-") as tmp:
        result = export_application(definition, doc, Path(tmp), draft=draft, code=code)
        exported = [(Path(p).name, Path(p).read_bytes()) for p in (result.docx, result.xlsx) if p]
        store.set_submission(app_id, submission_id, revision)
        manifest = {
            "kind": KIND,
            "format_version": FORMAT_VERSION,
            "app_version": __version__,
            "created_at": _now(),
            "submission_id": submission_id,
            "revision": revision,
            "form_id": definition.id,
            "credit_code": str(docs.get(doc, "/enterprise/credit_code") or ""),
            "project_name": str(docs.get(doc, "/project/name") or ""),
            "enterprise_name": str(docs.get(doc, "/enterprise/name") or ""),
            "draft": bool(draft),
        }
        members = [(APPLICATION, docs.dumps(doc).encode("utf-8")), *exported]
        return write_archive(out_dir / submission_file_name(doc), manifest, members)


def _now() -> str:
    from hzsubsidy_desktop.store.records import now

    return now()


def read_submission(path: str | Path, *, limits: Limits = SUBMISSION_LIMITS) -> Submission:
    """Read and check a ``.hzsub`` file from outside; raises :class:`SubmissionRejected`."""
    path = Path(path)
    name = path.name
    with SafeArchive(path, "报送文件", limits) as archive:
        if MANIFEST not in archive.names:
            raise SubmissionRejected(f"“{name}”缺少 manifest.json，不是 hzsubsidy 生成的报送文件。")
        manifest = check_manifest_header(
            archive.read_json(MANIFEST), name, kind=KIND, what="hzsubsidy 报送文件", version=FORMAT_VERSION
        )
        sid = manifest.get("submission_id")
        if not isinstance(sid, str) or not _SUBMISSION_ID.match(sid):
            raise SubmissionRejected(f"“{name}”的 manifest.json 缺少有效的报送编号（submission_id）。")
        rev = manifest.get("revision")
        if not isinstance(rev, int) or isinstance(rev, bool) or not 1 <= rev <= 1_000_000:
            raise SubmissionRejected(f"“{name}”的 manifest.json 缺少有效的版本号（revision）。")
        members = archive.verify(manifest)
    if APPLICATION not in members:
        raise SubmissionRejected(f"“{name}”缺少 application.json（申报数据），不是完整的报送文件。")
    try:
        definition, doc = check_document(docs.loads(members[APPLICATION]), owned=True)
    except FormatError as exc:
        raise SubmissionRejected(f"“{name}”中的申报数据无效：{exc}") from exc
    _check_agreement(manifest, doc, name, definition)
    return Submission(manifest, definition, doc, path)


def _check_agreement(manifest: Mapping[str, Any], doc: dict[str, Any], name: str, definition: FormDefinition) -> None:
    if manifest.get("form_id") != definition.id:
        raise SubmissionRejected(f"“{name}”的清单与申报数据不一致：申报表单不同，文件可能被改动过。")
    pairs = (("credit_code", "/enterprise/credit_code", "统一社会信用代码"), ("project_name", "/project/name", "项目名称"))
    for key, pointer, label in pairs:
        if str(manifest.get(key) or "") != str(docs.get(doc, pointer) or ""):
            raise SubmissionRejected(f"“{name}”的清单与申报数据不一致：{label}不同，文件可能被改动过。")
