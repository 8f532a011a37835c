"""Folders of submission files for the import pipeline's tests: many distinct copies of one real file."""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.interchange.submission import APPLICATION, MANIFEST, write_archive
from hzsubsidy_desktop.values import credit_code

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code_for(i: int) -> str:
    """A valid unified social credit code, distinct for every ``i``."""
    body = "MA" + "".join(ALPHABET[(i // 31**k) % 31] for k in range(5, -1, -1))
    return credit_code.complete("91330523" + body + credit_code.organisation_check(body))


def copies(original: Path, folder: Path, count: int, *, prefix: str = "f") -> list[Path]:
    """``count`` distinct submissions (own id, credit code and project name) made from ``original``;
    named ``<prefix><number>.hzsub`` so that the folder's order is the numbers' order."""
    with zipfile.ZipFile(original) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        members = {n: archive.read(n) for n in archive.namelist() if n != MANIFEST}
    base = docs.loads(members[APPLICATION])
    out = []
    for i in range(count):
        doc = json.loads(json.dumps(base))
        doc["enterprise"]["credit_code"] = credit_code_for(i + 1)
        doc["project"]["name"] = f"{base['project']['name']}（第{i + 1:04d}号）"
        m = {**manifest, "submission_id": uuid.uuid4().hex, "credit_code": doc["enterprise"]["credit_code"],
             "project_name": doc["project"]["name"]}
        out.append(write_archive(folder / f"{prefix}{i + 1:04d}.hzsub", m,
                                 {**members, APPLICATION: docs.dumps(doc).encode("utf-8")}.items()))
    return out


def project_number(name: str) -> int | None:
    """The copy's number in a project name made by :func:`copies` ("…（第0012号）" → 12)."""
    if "（第" not in name:
        return None
    return int(name.rsplit("（第", 1)[1].split("号")[0])
