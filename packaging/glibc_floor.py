"""The oldest glibc a built bundle runs on: the highest ``GLIBC_x.y`` symbol version any ELF file needs.

Usage: ``python packaging/glibc_floor.py dist/hzsubsidy [--json]``.

A Linux program runs only where the C library provides every symbol version its binaries were
linked against. PyInstaller copies the Python interpreter, Qt and every extension module into the
bundle, so the bundle's floor is the maximum over all of them, not the build machine's own glibc.
The version needs are read straight from each ELF file's ``.gnu.version_r`` section (no binutils
needed), so the figure can be checked on any machine, including CI.
"""

from __future__ import annotations

import argparse
import json
import re
import struct
import sys
from pathlib import Path

SHT_GNU_VERNEED = 0x6FFFFFFE
_GLIBC = re.compile(r"^GLIBC_(\d+)\.(\d+)(?:\.(\d+))?$")


def _sections(data: bytes) -> tuple[str, list[tuple[int, int, int, int, int]]]:
    """Byte-order prefix and (type, offset, size, link, info) of every section header."""
    if data[:4] != b"\x7fELF":
        raise ValueError("not an ELF file")
    is64 = data[4] == 2
    order = "<" if data[5] == 1 else ">"
    if is64:
        shoff, = struct.unpack_from(order + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(order + "HH", data, 0x3A)
    else:
        shoff, = struct.unpack_from(order + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(order + "HH", data, 0x2E)
    out = []
    for i in range(shnum):
        base = shoff + i * shentsize
        if is64:
            _name, kind, _flags, _addr, offset, size, link, info = struct.unpack_from(order + "IIQQQQII", data, base)
        else:
            _name, kind, _flags, _addr, offset, size, link, info = struct.unpack_from(order + "IIIIIIII", data, base)
        out.append((kind, offset, size, link, info))
    return order, out


def _cstring(data: bytes, offset: int) -> str:
    end = data.index(b"\0", offset)
    return data[offset:end].decode("ascii", "replace")


def needed_versions(data: bytes) -> set[str]:
    """Every symbol version (``GLIBC_2.28``, ``GLIBCXX_3.4.29`` …) an ELF image needs from its libraries."""
    order, sections = _sections(data)
    found: set[str] = set()
    for kind, offset, _size, link, count in sections:
        if kind != SHT_GNU_VERNEED:
            continue
        strtab = sections[link][1]
        entry = offset
        for _ in range(count):
            _version, aux_count, _file, aux, nxt = struct.unpack_from(order + "HHIII", data, entry)
            at = entry + aux
            for _ in range(aux_count):
                _hash, _flags, _other, name, aux_next = struct.unpack_from(order + "IHHII", data, at)
                found.add(_cstring(data, strtab + name))
                if not aux_next:
                    break
                at += aux_next
            if not nxt:
                break
            entry += nxt
    return found


def glibc_key(version: str) -> tuple[int, ...] | None:
    match = _GLIBC.match(version)
    return tuple(int(g) for g in match.groups() if g is not None) if match else None


def floor(folder: Path) -> tuple[str | None, dict[str, str]]:
    """The highest GLIBC version needed in ``folder`` and, per file, its own highest one."""
    per_file: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        try:
            versions = needed_versions(path.read_bytes())
        except (ValueError, struct.error, IndexError):
            continue  # a damaged or exotic ELF file: not ours to judge
        glibc = [v for v in versions if glibc_key(v)]
        if glibc:
            per_file[path.relative_to(folder).as_posix()] = max(glibc, key=lambda v: glibc_key(v) or ())
    if not per_file:
        return None, per_file
    return max(per_file.values(), key=lambda v: glibc_key(v) or ()), per_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", action="store_true", help="print the floor and the files that set it as JSON")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"glibc_floor: {args.folder} is not a folder", file=sys.stderr)
        return 2
    highest, per_file = floor(args.folder)
    if highest is None:
        print("glibc_floor: no ELF file needs a GLIBC symbol version", file=sys.stderr)
        return 1
    setters = sorted(name for name, v in per_file.items() if v == highest)
    if args.json:
        print(json.dumps({"glibc": highest.removeprefix("GLIBC_"), "set_by": setters}, ensure_ascii=False))
    else:
        print(f"glibc floor: {highest.removeprefix('GLIBC_')} (set by {', '.join(setters[:5])}"
              f"{' …' if len(setters) > 5 else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
