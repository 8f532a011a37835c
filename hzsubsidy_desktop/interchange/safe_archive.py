"""Untrusted zip archives (submission files, county packages) read without extracting anything.

:class:`SafeArchive` checks the archive's directory (member count, names, declared sizes,
compression ratios) before any member is read, streams members with a size cap and verifies the
manifest's SHA-256 and size of every member. Anything wrong raises :class:`SubmissionRejected`
with a Chinese reason. :func:`write_archive` writes such an archive atomically.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import stat
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.errors import AppError
from hzsubsidy_desktop.files import ExportError, atomic_write

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Limits:
    """What an archive from outside may hold before it is refused without reading further."""

    archive_bytes: int = 100 * 1024 * 1024  # the file on disk
    members: int = 16
    member_bytes: int = 50 * 1024 * 1024  # one member, uncompressed
    json_bytes: int = 20 * 1024 * 1024  # a JSON member, uncompressed
    total_bytes: int = 200 * 1024 * 1024  # all members, uncompressed
    ratio: int = 200  # uncompressed / compressed, for members above ratio_floor
    ratio_floor: int = 1024 * 1024


SUBMISSION_LIMITS = Limits()


class SubmissionRejected(AppError, ValueError):
    """A file that is not accepted; ``message`` is Chinese and names what is wrong."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_archive(target: Path, manifest: dict[str, Any], members: Iterable[tuple[str, bytes]]) -> Path:
    """Write a zip with ``manifest.json`` (hashes and sizes added here) atomically to ``target``.

    Creates the folder when missing; raises :class:`~hzsubsidy_desktop.files.ExportError` (Chinese)
    when the file cannot be written, leaving any older file as it was.
    """
    members = list(members)
    manifest = dict(manifest)
    manifest["members"] = {name: {"sha256": sha256(data), "size": len(data)} for name, data in members}

    def write(temp: Path) -> None:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            for name, data in members:
                # docx/xlsx are zips already: storing them again compressed gains nothing
                compress = zipfile.ZIP_STORED if name.endswith((".docx", ".xlsx")) else zipfile.ZIP_DEFLATED
                archive.writestr(name, data, compress_type=compress)

    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"无法创建文件夹“{target.parent}”：{exc.strerror or exc}。") from exc
    atomic_write(target, write)
    return target


_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_DRIVE = re.compile(r"^[A-Za-z]:")


@functools.lru_cache(maxsize=2048)  # the same few member names come in every file of an import
def _bad_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or _DRIVE.match(name):
        return True
    parts = name.split("/")
    return any(part in ("..", ".") for part in parts) or name.endswith("/")


def _head(path: Path) -> bytes:
    """The first bytes of a file (empty when it cannot be read)."""
    try:
        with path.open("rb") as handle:
            return handle.read(4)
    except OSError:
        return b""


@dataclass
class SafeArchive:
    """An untrusted zip opened for reading: its directory is checked before any member is read."""

    path: Path
    what: str = "报送文件"
    limits: Limits = SUBMISSION_LIMITS
    _zip: zipfile.ZipFile | None = field(default=None, repr=False)

    def __enter__(self) -> SafeArchive:
        path, what = self.path, self.what
        try:
            status = path.stat()
            size = status.st_size
            if stat.S_ISDIR(status.st_mode):
                raise SubmissionRejected(f"“{path.name}”是文件夹，不是{what}。")
            if size == 0:
                raise SubmissionRejected(f"“{path.name}”是空文件，不是{what}。")
            if size > self.limits.archive_bytes:
                raise SubmissionRejected(
                    f"“{path.name}”过大（{size // 1024 // 1024} MB，上限 {self.limits.archive_bytes // 1024 // 1024} MB），"
                    f"不像{what}，已拒收。"
                )
            self._zip = zipfile.ZipFile(path)
        except SubmissionRejected:
            raise
        except FileNotFoundError as exc:
            raise SubmissionRejected(f"找不到文件“{path}”。") from exc
        except NotImplementedError as exc:  # zipfile: "zip file version 25.5" and the like
            raise SubmissionRejected(f"“{path.name}”使用了本程序不支持的压缩包格式，已拒收。") from exc
        except UnicodeDecodeError as exc:  # a member name flagged UTF-8 that is not
            raise SubmissionRejected(f"“{path.name}”已损坏（压缩包中的文件名无法识别），请让对方重新发送。") from exc
        except zipfile.BadZipFile as exc:
            if _head(path).startswith(b"PK"):
                raise SubmissionRejected(f"“{path.name}”已损坏或不完整（压缩包目录无法读取），请让对方重新发送。") from exc
            raise SubmissionRejected(f"“{path.name}”不是{what}：文件不是 zip 压缩包。") from exc
        except (OSError, ValueError, EOFError) as exc:
            raise SubmissionRejected(f"无法读取“{path.name}”：{getattr(exc, 'strerror', None) or exc}。") from exc
        try:
            self._check_directory()
        except BaseException:
            self._zip.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._zip is not None:
            self._zip.close()

    @property
    def names(self) -> list[str]:
        assert self._zip is not None
        return [info.filename for info in self._zip.infolist()]

    def _check_directory(self) -> None:
        assert self._zip is not None
        name, lim = self.path.name, self.limits
        infos = self._zip.infolist()
        if len(infos) > lim.members:
            raise SubmissionRejected(f"“{name}”含有 {len(infos)} 个文件，超过上限 {lim.members}，已拒收。")
        seen: set[str] = set()
        total = 0
        for info in infos:
            member = info.filename
            if _bad_name(member):
                raise SubmissionRejected(
                    f"“{name}”含有路径不安全的文件“{member[:80]}”（绝对路径或指向压缩包之外），已拒收。"
                )
            if member in seen:
                raise SubmissionRejected(f"“{name}”中的文件“{member[:80]}”出现了两次，已拒收。")
            seen.add(member)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise SubmissionRejected(f"“{name}”中的“{member[:80]}”是链接，不是普通文件，已拒收。")
            if info.flag_bits & 0x1:
                raise SubmissionRejected(f"“{name}”中的“{member[:80]}”已加密，无法检查，已拒收。")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise SubmissionRejected(f"“{name}”中的“{member[:80]}”使用了不支持的压缩方式，已拒收。")
            cap = self._cap(member)
            if info.file_size > cap:
                raise SubmissionRejected(
                    f"“{name}”中的“{member[:80]}”解压后 {info.file_size // 1024 // 1024} MB，超过上限 "
                    f"{cap // 1024 // 1024} MB，已拒收。"
                )
            if info.file_size > lim.ratio_floor and info.file_size > lim.ratio * max(info.compress_size, 1):
                raise SubmissionRejected(
                    f"“{name}”中的“{member[:80]}”压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍），"
                    "疑似压缩炸弹，已拒收。"
                )
            total += info.file_size
        if total > lim.total_bytes:
            raise SubmissionRejected(
                f"“{name}”解压后共 {total // 1024 // 1024} MB，超过上限 {lim.total_bytes // 1024 // 1024} MB，已拒收。"
            )

    def _cap(self, member: str) -> int:
        return self.limits.json_bytes if member.endswith(".json") else self.limits.member_bytes

    def read(self, member: str) -> bytes:
        """A member's bytes, streamed with a cap (a lying size header cannot make it grow)."""
        assert self._zip is not None
        name = self.path.name
        try:
            info = self._zip.getinfo(member)
        except KeyError as exc:
            raise SubmissionRejected(f"“{name}”缺少“{member}”，不是完整的{self.what}。") from exc
        cap = min(info.file_size, self._cap(member))
        try:
            with self._zip.open(info) as stream:
                # At most one byte more than declared, so a lying header cannot make it grow; asking
                # for more than there is reads to the end, where zipfile checks the CRC-32.
                data = stream.read(cap + 1)
                if len(data) > cap:
                    raise SubmissionRejected(
                        f"“{name}”中的“{member[:80]}”实际内容比声明的更大，疑似压缩炸弹，已拒收。"
                    )
        except SubmissionRejected:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
            raise SubmissionRejected(
                f"“{name}”中的“{member[:80]}”已损坏或不完整（{type(exc).__name__}），请让对方重新发送。"
            ) from exc
        except Exception as exc:  # zlib.error and friends: never a traceback for a bad file
            raise SubmissionRejected(f"“{name}”中的“{member[:80]}”无法解压，文件已损坏。") from exc
        return data

    def read_json(self, member: str) -> Any:
        data = self.read(member)
        try:
            return docs.loads(data)
        except FormatError as exc:
            raise SubmissionRejected(f"“{self.path.name}”中的“{member}”无效：{exc}") from exc

    def verify(self, manifest: Mapping[str, Any], *, allowed_extra: Iterable[str] = (MANIFEST,)) -> dict[str, bytes]:
        """Read every member listed in the manifest, checking size and SHA-256; returns their bytes."""
        name = self.path.name
        listed = manifest.get("members")
        if not isinstance(listed, dict) or not listed:
            raise SubmissionRejected(f"“{name}”的 manifest.json 缺少文件清单（members），已拒收。")
        present = set(self.names)
        extra = present - set(listed) - set(allowed_extra)
        if extra:
            raise SubmissionRejected(f"“{name}”含有清单之外的文件“{sorted(extra)[0][:80]}”，已拒收。")
        out: dict[str, bytes] = {}
        for member, meta in listed.items():
            if not isinstance(member, str) or _bad_name(member):
                raise SubmissionRejected(f"“{name}”的清单中有路径不安全的文件名，已拒收。")
            if (
                not isinstance(meta, dict)
                or not isinstance(meta.get("sha256"), str)
                or not _HEX64.match(meta["sha256"])
                or not isinstance(meta.get("size"), int)
                or isinstance(meta.get("size"), bool)
            ):
                raise SubmissionRejected(f"“{name}”的清单中“{member[:80]}”的校验信息不完整，已拒收。")
            if member not in present:
                raise SubmissionRejected(f"“{name}”缺少“{member[:80]}”，不是完整的{self.what}。")
            data = self.read(member)
            if len(data) != meta["size"]:
                raise SubmissionRejected(
                    f"“{name}”中的“{member[:80]}”大小与清单不符（应为 {meta['size']} 字节，实际 {len(data)} 字节），"
                    "文件已被修改或损坏。"
                )
            if sha256(data) != meta["sha256"]:
                raise SubmissionRejected(
                    f"“{name}”中的“{member[:80]}”校验值（SHA-256）与清单不符，文件已被修改或损坏。"
                )
            out[member] = data
        return out


def check_manifest_header(manifest: Any, name: str, *, kind: str, what: str, version: int) -> dict[str, Any]:
    """The common manifest fields: kind and format version."""
    if not isinstance(manifest, dict):
        raise SubmissionRejected(f"“{name}”的 manifest.json 不是对象，不是{what}。")
    if manifest.get("kind") != kind:
        raise SubmissionRejected(f"“{name}”不是{what}（manifest.json 的类型不对）。")
    fv = manifest.get("format_version")
    if not isinstance(fv, int) or isinstance(fv, bool) or fv < 1:
        raise SubmissionRejected(f"“{name}”的 manifest.json 缺少有效的格式版本（format_version）。")
    if fv > version:
        raise SubmissionRejected(
            f"“{name}”的格式版本为 {fv}，本程序只认识 {version} 及以下。它由更新版本的 hzsubsidy 生成，请升级本程序后再导入。"
        )
    return manifest
