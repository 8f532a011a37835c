"""A second notice made in tmp_path: a copy of the shipped folder under another id."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hzsubsidy_desktop.formdef import load_definition

NEXT_ID = "zj-cbec-2025"
NEXT_TITLE = "浙江省跨境电商高质量发展专项激励（2025年度）"


def install_notice(root: Path, form_id: str = NEXT_ID, *, title: str = NEXT_TITLE,
                   cutoff: str = "2025-12-31") -> Path:
    """Copy the shipped notice to ``root/<form_id>`` with a new id, title and data cutoff."""
    folder = root / form_id
    shutil.copytree(load_definition().source, folder)
    head = (folder / "form.toml").read_text(encoding="utf-8")
    head = re.sub(r'(?m)^id = ".*"$', f'id = "{form_id}"', head)
    head = re.sub(r'(?m)^title = ".*"$', f'title = "{title}"', head)
    head = re.sub(r'(?m)^data_cutoff = ".*"$', f'data_cutoff = "{cutoff}"', head)
    (folder / "form.toml").write_text(head, encoding="utf-8")
    sample = (folder / "sample.json").read_text(encoding="utf-8")
    (folder / "sample.json").write_text(sample.replace('"zj-cbec-2024"', f'"{form_id}"'), encoding="utf-8")
    return folder


def edit(folder: Path, file: str, old: str, new: str, count: int = 1) -> None:
    """Replace text in one file of a notice folder (the text must be there)."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
