"""What the QR code on a printed page holds, and reading it back strictly.

The text uses only QR's alphanumeric characters (0-9 A-Z space $%*+-./:), so a code stays small
(version 4 at error level Q, about 15 mm on paper)::

    HZS1*<SUBMISSION ID>*<REVISION>*<PAGE>/<PAGES>*<DIGEST>*<F|D>

- submission id: upper-case hex (dashes allowed), empty before the application has one;
- revision: the revision the submission file carries (0 when unknown);
- page / pages: 1-based page of the printed set; page 0 is the document-level code of the Word
  footer (Word cannot vary a picture per page); pages 0 when the count is unknown;
- digest: the first 80 bits of the SHA-256 of the application's canonical content, base32
  (16 characters): any change to a number or a text gives another digest;
- F final, D draft.

:func:`decode` reads text from a scan: anything malformed gives ``None``, never an exception.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.formdef import FormDefinition

PREFIX = "HZS1"
DIGEST_CHARS = 16
MAX_TEXT = 200
_PATTERN = re.compile(
    r"^HZS1\*([0-9A-F-]{8,64})?\*(0|[1-9][0-9]{0,6})\*(0|[1-9][0-9]{0,3})/(0|[1-9][0-9]{0,3})"
    r"\*([A-Z2-7]{16})\*([FD])$"
)


@dataclass(frozen=True)
class PageCode:
    """The contents of one page's code."""

    submission_id: str | None
    revision: int
    page: int
    pages: int
    digest: str
    draft: bool

    def text(self) -> str:
        sid = (self.submission_id or "").upper()
        mark = "D" if self.draft else "F"
        return f"{PREFIX}*{sid}*{self.revision}*{self.page}/{self.pages}*{self.digest}*{mark}"

    def for_page(self, page: int, pages: int) -> PageCode:
        return PageCode(self.submission_id, self.revision, page, pages, self.digest, self.draft)


def content_digest(definition: FormDefinition, doc: dict[str, Any]) -> str:
    """16 base32 characters from the SHA-256 of the canonical application (keys sorted)."""
    canonical = docs.canonical(definition, doc)
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=docs.json_default)
    raw = hashlib.sha256(text.encode("utf-8")).digest()
    return base64.b32encode(raw[:10]).decode("ascii")


def code_for(
    definition: FormDefinition,
    doc: dict[str, Any],
    *,
    submission_id: str | None = None,
    revision: int = 0,
    draft: bool = False,
) -> PageCode:
    """The document-level code (page 0 of 0); :meth:`PageCode.for_page` gives each page's."""
    sid = submission_id.upper() if submission_id and re.fullmatch(r"[0-9A-Fa-f-]{8,64}", submission_id) else None
    return PageCode(sid, max(0, min(int(revision), 9_999_999)), 0, 0, content_digest(definition, doc), draft)


def decode(text: object) -> PageCode | None:
    """The code in ``text`` (from a scan: untrusted), or None when it is not one of ours or is malformed."""
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return None
    match = _PATTERN.match(text.strip())
    if match is None:
        return None
    sid, rev, page, pages, digest, mark = match.groups()
    page_no, page_count = int(page), int(pages)
    if page_count and page_no > page_count:
        return None
    return PageCode(sid or None, int(rev), page_no, page_count, digest, mark == "D")
