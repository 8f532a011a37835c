"""Hostile submission files, made from a genuine one: what a county clerk may receive.

Each builder takes a genuine ``.hzsub`` (or nothing) and writes one damaged or malicious file to
``dst``, returning ``dst``. Used by ``test_submission.py``; the hostile-corpus work reuses it.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
APPLICATION = "application.json"


def read_members(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and the other members of a genuine archive."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        members = {n: archive.read(n) for n in archive.namelist() if n != MANIFEST}
    return manifest, members


def build(
    dst: Path,
    manifest: dict[str, Any] | bytes | None,
    members: dict[str, bytes],
    *,
    rehash: bool = True,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """Write an archive; ``rehash`` recomputes the manifest's hashes and sizes for ``members``."""
    if isinstance(manifest, dict) and rehash:
        manifest = dict(manifest)
        manifest["members"] = {
            n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in members.items()
        }
    with zipfile.ZipFile(dst, "w", compression=compression) as archive:
        if manifest is not None:
            data = manifest if isinstance(manifest, bytes) else json.dumps(manifest, ensure_ascii=False).encode()
            archive.writestr(MANIFEST, data)
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return dst


def variant(
    src: Path,
    dst: Path,
    *,
    manifest: Callable[[dict[str, Any]], Any] | None = None,
    members: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None,
    rehash: bool = True,
) -> Path:
    """A copy of ``src`` with the manifest and/or members changed."""
    m, ms = read_members(src)
    if members is not None:
        ms = members(dict(ms))
    if manifest is not None:
        changed = manifest(dict(m))
        m = m if changed is None else changed
    return build(dst, m, ms, rehash=rehash)


# -- the cases --------------------------------------------------------------------------------
def not_a_zip(dst: Path) -> Path:
    dst.write_text("这不是压缩包，只是一段文字。\n", encoding="utf-8")
    return dst


def empty_file(dst: Path) -> Path:
    dst.write_bytes(b"")
    return dst


def truncated(src: Path, dst: Path) -> Path:
    """The first half of a genuine file (an interrupted download or copy)."""
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) // 2])
    return dst


def corrupted_member(src: Path, dst: Path, member: str = APPLICATION) -> Path:
    """Bytes flipped inside one member's compressed data (a bad disk or transfer)."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as archive:
        info = archive.getinfo(member)
    # local header: 30 bytes + name + extra, then the compressed data
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26: info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    for k in range(start + 5, start + min(info.compress_size, 60), 7):
        data[k] ^= 0x5A
    dst.write_bytes(bytes(data))
    return dst


def missing_member(src: Path, dst: Path, member: str = APPLICATION) -> Path:
    """A member listed in the manifest is not in the archive."""
    return variant(src, dst, members=lambda ms: {n: d for n, d in ms.items() if n != member}, rehash=False)


def missing_manifest(src: Path, dst: Path) -> Path:
    _m, ms = read_members(src)
    return build(dst, None, ms)


def tampered_member(src: Path, dst: Path, member: str = APPLICATION) -> Path:
    """One member changed after packing, same size: the manifest's SHA-256 no longer matches."""
    def change(ms: dict[str, bytes]) -> dict[str, bytes]:
        data = ms[member]
        text = data.decode("utf-8")
        ms[member] = text.replace("600", "900", 1).encode("utf-8") if "600" in text else data[:-1] + b" "
        return ms

    return variant(src, dst, members=change, rehash=False)


def resized_member(src: Path, dst: Path, member: str = APPLICATION) -> Path:
    """One member grown after packing: its size disagrees with the manifest."""
    def grow(ms: dict[str, bytes]) -> dict[str, bytes]:
        ms[member] = ms[member] + b"\n\n"
        return ms

    return variant(src, dst, members=grow, rehash=False)


def newer_format(src: Path, dst: Path, version: int = 99) -> Path:
    def bump(m: dict[str, Any]) -> dict[str, Any]:
        m["format_version"] = version
        return m

    return variant(src, dst, manifest=bump)


def too_many_members(src: Path, dst: Path, count: int = 200) -> Path:
    def add(ms: dict[str, bytes]) -> dict[str, bytes]:
        for i in range(count):
            ms[f"extra/{i:04d}.txt"] = b"x"
        return ms

    return variant(src, dst, members=add)


def zip_bomb(src: Path, dst: Path, megabytes: int = 30) -> Path:
    """A member of zeros that compresses about 1000 : 1 (listed in the manifest, hashes right)."""
    def add(ms: dict[str, bytes]) -> dict[str, bytes]:
        ms["bomb.docx"] = bytes(megabytes * 1024 * 1024)
        return ms

    return variant(src, dst, members=add)


def oversized_member(src: Path, dst: Path, declared: int = 3 * 1024**3) -> Path:
    """A member whose central-directory entry declares a huge uncompressed size (3 GB)."""
    genuine = variant(src, dst)
    data = bytearray(genuine.read_bytes())
    with zipfile.ZipFile(genuine) as archive:
        info = archive.getinfo(APPLICATION)
    cd = data.find(b"PK\x01\x02" + b"", 0)
    while cd != -1:
        name_len = struct.unpack("<H", data[cd + 28: cd + 30])[0]
        if data[cd + 46: cd + 46 + name_len].decode("utf-8") == info.filename:
            struct.pack_into("<I", data, cd + 24, min(declared, 0xFFFFFFFE))
            break
        cd = data.find(b"PK\x01\x02", cd + 4)
    dst.write_bytes(bytes(data))
    return dst


def lying_size(src: Path, dst: Path) -> Path:
    """Declared sizes (local header and directory) smaller than what the data inflates to."""
    genuine = variant(src, dst)
    data = bytearray(genuine.read_bytes())
    with zipfile.ZipFile(genuine) as archive:
        info = archive.getinfo(APPLICATION)
    struct.pack_into("<I", data, info.header_offset + 22, 16)
    cd = data.find(b"PK\x01\x02")
    while cd != -1:
        name_len = struct.unpack("<H", data[cd + 28: cd + 30])[0]
        if data[cd + 46: cd + 46 + name_len].decode("utf-8") == APPLICATION:
            struct.pack_into("<I", data, cd + 24, 16)
        cd = data.find(b"PK\x01\x02", cd + 4)
    dst.write_bytes(bytes(data))
    return dst


def path_outside(src: Path, dst: Path, name: str = "../../evil.bat") -> Path:
    """A member whose path leaves the archive (``..``) or is absolute (``/etc/x``, ``C:\\x``)."""
    def add(ms: dict[str, bytes]) -> dict[str, bytes]:
        ms[name] = b"echo pwned"
        return ms

    return variant(src, dst, members=add)


def duplicate_member(src: Path, dst: Path) -> Path:
    """The same name twice: which copy a reader sees would depend on the program."""
    m, ms = read_members(src)
    build(dst, m, ms)
    with zipfile.ZipFile(dst, "a") as archive, _quiet():
        archive.writestr(APPLICATION, b"{}")
    return dst


def invalid_json(src: Path, dst: Path) -> Path:
    def bad(ms: dict[str, bytes]) -> dict[str, bytes]:
        ms[APPLICATION] = b'{"format_version": 1, "form_id": '
        return ms

    return variant(src, dst, members=bad)


def invalid_manifest_json(src: Path, dst: Path) -> Path:
    _m, ms = read_members(src)
    return build(dst, b"{manifest", ms)


def schema_mismatch(src: Path, dst: Path) -> Path:
    """Valid JSON, right hashes, but 总投资 is a number and an unknown field is added."""
    def bad(ms: dict[str, bytes]) -> dict[str, bytes]:
        doc = json.loads(ms[APPLICATION])
        doc["project"]["total_investment"] = 600
        ms[APPLICATION] = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        return ms

    return variant(src, dst, members=bad)


def manifest_disagrees(src: Path, dst: Path, key: str = "credit_code", value: str = "91330523MA2B7Q5K66") -> Path:
    def change(m: dict[str, Any]) -> dict[str, Any]:
        m[key] = value
        return m

    return variant(src, dst, manifest=change)


def symlink_member(src: Path, dst: Path) -> Path:
    m, ms = read_members(src)
    build(dst, m, ms)
    info = zipfile.ZipInfo("link")
    info.external_attr = (0o120777 << 16)
    with zipfile.ZipFile(dst, "a") as archive:
        archive.writestr(info, "/etc/passwd")
    return dst


class _quiet:
    """Silence zipfile's "Duplicate name" warning while building the duplicate case."""

    def __enter__(self) -> None:
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc: object) -> None:
        self._ctx.__exit__(*exc)


def encrypted_member(src: Path, dst: Path, member: str = APPLICATION) -> Path:
    """A member flagged as encrypted (general-purpose bit 0) in the central directory."""
    genuine = variant(src, dst)
    data = bytearray(genuine.read_bytes())
    cd = data.find(b"PK\x01\x02")
    while cd != -1:
        name_len = struct.unpack("<H", data[cd + 28: cd + 30])[0]
        if data[cd + 46: cd + 46 + name_len].decode("utf-8") == member:
            flags = struct.unpack("<H", data[cd + 8: cd + 10])[0]
            struct.pack_into("<H", data, cd + 8, flags | 0x1)
        cd = data.find(b"PK\x01\x02", cd + 4)
    dst.write_bytes(bytes(data))
    return dst


def huge_file(dst: Path, size: int = 101 * 1024 * 1024) -> Path:
    """A file larger than any submission (sparse: costs no disk space)."""
    with dst.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(size)
    return dst
