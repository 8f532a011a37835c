"""Installed notices: the shipped ``forms/`` folder plus extra notice folders added as data.

Extra notice folders (each ``<id>/form.toml`` …) are read from the folder named by the
environment variable ``HZSUBSIDY_FORMS`` and from ``forms/`` in the user data directory, so
next year's notice is added without reinstalling. A shipped notice always wins over an extra
one of the same id; a broken extra folder is reported (in Chinese, naming the folder) and
left out, and never stops the shipped notice from working.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hzsubsidy_desktop.formdef.loader import load_folder
from hzsubsidy_desktop.formdef.model import FormDefinition
from hzsubsidy_desktop.formdef.where import DefinitionError
from hzsubsidy_desktop.paths import data_dir, user_data_dir

FORMS_ENV = "HZSUBSIDY_FORMS"
SHIPPED = "随程序安装"
FROM_ENV = f"环境变量 {FORMS_ENV}"
FROM_USER = "用户数据目录"
# A notice id is a folder name: letters, digits, dot, dash, underscore; never a path.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True)
class Notice:
    """One installed notice: its id (the folder name), title, where it comes from, and its folder."""

    id: str
    title: str
    origin: str  # SHIPPED, FROM_ENV or FROM_USER
    folder: Path
    data_cutoff: date


@dataclass(frozen=True)
class Installed:
    notices: tuple[Notice, ...]  # shipped first, then extras, each group by id
    problems: tuple[str, ...]  # Chinese, one per extra folder left out

    def ids(self) -> list[str]:
        return [n.id for n in self.notices]

    def newest(self) -> Notice:
        """The notice with the latest data cutoff (ties: the later id)."""
        return max(self.notices, key=lambda n: (n.data_cutoff, n.id))


def valid_id(form_id: object) -> bool:
    return isinstance(form_id, str) and bool(_ID.fullmatch(form_id)) and ".." not in form_id


def roots() -> list[tuple[Path, str]]:
    """Folders holding notice folders, shipped first."""
    return [(data_dir("forms"), SHIPPED), *_extra_roots()]


def _extra_roots() -> list[tuple[Path, str]]:
    extra = os.environ.get(FORMS_ENV, "").strip()
    out = [(Path(p), FROM_ENV) for p in extra.split(os.pathsep) if p.strip()] if extra else []
    out.append((user_data_dir() / "forms", FROM_USER))
    return out


def _candidates(root: Path) -> list[Path]:
    try:
        return sorted(p for p in root.iterdir() if p.is_dir() and (p / "form.toml").is_file())
    except OSError:
        return []


def installed() -> Installed:
    """Every notice that loads, and a Chinese line for each extra folder that does not."""
    notices: list[Notice] = []
    problems: list[str] = []
    seen: set[str] = set()
    for root, origin in roots():
        for folder in _candidates(root):
            try:
                if not valid_id(folder.name):
                    raise DefinitionError("文件夹名只能由字母、数字、点、短横线和下划线组成")
                definition = _load(folder)
                if definition.id != folder.name:
                    raise DefinitionError(f"form.toml 的 id“{definition.id}”与文件夹名不同")
            except (DefinitionError, OSError, ValueError) as exc:
                if origin == SHIPPED:
                    raise
                message = getattr(exc, "message", None) or str(exc)
                problems.append(f"附加的申报通知文件夹“{folder}”无法使用，已跳过：{message}")
                continue
            if definition.id in seen:
                problems.append(f"附加的申报通知文件夹“{folder}”与已安装的通知“{definition.id}”同名，已跳过。")
                continue
            seen.add(definition.id)
            notices.append(Notice(definition.id, definition.title, origin, folder, definition.data_cutoff))
    return Installed(tuple(notices), tuple(problems))


def folder_of(form_id: str) -> Path | None:
    """The folder of notice ``form_id``: the shipped one, else the first extra one."""
    if not valid_id(form_id):
        return None
    shipped = _shipped_folder(form_id)
    if shipped is not None:
        return shipped  # the common case decides without looking further (or importing platformdirs)
    for root, _origin in _extra_roots():
        folder = root / form_id
        if (folder / "form.toml").is_file():
            return folder
    return None


@functools.cache
def _shipped_folder(form_id: str) -> Path | None:
    """Shipped notices do not change while the program runs: looked up once."""
    folder = data_dir("forms") / form_id
    return folder if (folder / "form.toml").is_file() else None


@functools.cache
def _load_shipped(form_id: str) -> FormDefinition:
    folder = _shipped_folder(form_id)
    if folder is None:
        raise DefinitionError(f"没有安装申报通知“{form_id}”。")
    return _load(folder)


@functools.cache
def _load(folder: Path) -> FormDefinition:
    return load_folder(folder)


def load_notice(form_id: str) -> FormDefinition:
    """The definition of an installed notice (loaded once per folder and process)."""
    if valid_id(form_id) and _shipped_folder(form_id) is not None:
        return _load_shipped(form_id)
    folder = folder_of(form_id)
    if folder is None:
        shown = form_id[:40] if isinstance(form_id, str) else repr(form_id)[:40]
        raise DefinitionError(f"没有安装申报通知“{shown}”（用 hzsubsidy forms 查看已安装的通知）。")
    definition = _load(folder)
    if definition.id != folder.name:
        raise DefinitionError(f"{folder.name}/form.toml: form: id {definition.id!r} differs from the folder name")
    return definition
