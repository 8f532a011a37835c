"""Who a project is: credit codes and names compared the way a person reads them.

Re-typed files differ in ways nobody sees: a trailing space, a zero-width space, a full-width or
no-break space, lower-case or full-width letters in the credit code, a Cyrillic "А" for a Latin
"A". :func:`code_key` and :func:`name_key` map all of those to one identity; the text itself is
always kept and shown as entered, and :func:`invisible_characters` names what the clerk cannot see.
"""

from __future__ import annotations

import functools
import unicodedata

# Letters of other scripts that look like the Latin capitals (and digits) of a credit code.
LOOKALIKES: dict[str, str] = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "Ү": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q", "Ԝ": "W", "З": "3",
    "а": "A", "в": "B", "е": "E", "к": "K", "м": "M", "н": "H", "о": "O", "р": "P", "с": "C",
    "т": "T", "х": "X", "у": "Y", "ү": "Y", "ѕ": "S", "і": "I", "ј": "J", "ԛ": "Q", "ԝ": "W", "з": "3",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "α": "A", "ο": "O", "κ": "K", "ρ": "P",
    "χ": "X", "ι": "I", "ν": "V", "τ": "T", "υ": "U",
}
_LATIN = str.maketrans(LOOKALIKES)
_SCRIPT_NAMES = {"CYRILLIC": "西里尔字母", "GREEK": "希腊字母", "ARMENIAN": "亚美尼亚字母"}


def _drop_invisible(text: str) -> str:
    """Remove format characters (zero-width, bidi marks, soft hyphen, BOM) and control characters."""
    if text.isprintable():  # no format or control character (nor any other invisible one) in it
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc") or ch in "\t\n\r")


def code_key(text: str) -> str:
    """The identity of a credit code: NFKC, look-alike letters folded to Latin, upper case, no spaces."""
    return _code_key(text) if isinstance(text, str) else _code_key(str(text))


def name_key(text: str) -> str:
    """The identity of a project or enterprise name: NFKC, invisible characters removed, every kind
    of space collapsed to one, case folded."""
    return _name_key(text) if isinstance(text, str) else _name_key(str(text))


@functools.lru_cache(maxsize=4096)  # an import asks for the same code and name several times per file
def _code_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", _drop_invisible(text))
    # look-alikes folded (no look-alike is or becomes a space), every space dropped, then upper case
    return "".join(text.translate(_LATIN).split()).upper()


@functools.lru_cache(maxsize=4096)
def _name_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", _drop_invisible(text))
    return " ".join(text.split()).casefold()


def lookalike_problem(text: str) -> str | None:
    """A Chinese reason naming the first letter of another script in a credit code, else None."""
    text = str(text)
    if text.isascii():  # NFKC keeps ASCII as it is, and every ASCII character passes
        return None
    for ch in unicodedata.normalize("NFKC", text):
        if ord(ch) < 128 or not ch.isalnum():
            continue
        name = unicodedata.name(ch, "")
        script = next((zh for en, zh in _SCRIPT_NAMES.items() if name.startswith(en)), "非英文字母")
        latin = LOOKALIKES.get(ch)
        like = f"，外形像英文字母“{latin}”" if latin else ""
        return f"含有{script}“{ch}”（U+{ord(ch):04X}{like}），统一社会信用代码只能用数字和英文大写字母"
    return None


_SPACE_NAMES = {
    "\u00a0": "不换行空格", "\u3000": "全角空格", "\u200b": "零宽空格", "\u200c": "零宽非连接符",
    "\u200d": "零宽连接符", "\u2060": "零宽不换行符", "\ufeff": "零宽不换行空格（BOM）", "\u00ad": "软连字符",
}
_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")


def invisible_characters(text: str) -> list[str]:
    """What the clerk cannot see in ``text``: invisible, bidi and unusual space characters, described in
    Chinese with their code points (each kind once, in order of appearance)."""
    text = str(text)
    if text.isprintable():  # every character listed below is one Python does not count as printable
        return []
    found: list[str] = []
    for ch in text:
        if ch in " \t\n\r":
            continue
        category = unicodedata.category(ch)
        if ch in _BIDI:
            label = "文字方向控制符"
        elif ch in _SPACE_NAMES:
            label = _SPACE_NAMES[ch]
        elif category in ("Cf", "Cc", "Zl", "Zp"):
            label = "不可见字符"
        elif category == "Zs":
            label = "特殊空格"
        else:
            continue
        item = f"{label}（U+{ord(ch):04X}）"
        if item not in found:
            found.append(item)
    return found


def _compact(key: str) -> str:
    """A name key without spaces and punctuation: what is left when a person re-types a name."""
    return "".join(ch for ch in key if not (ch.isspace() or unicodedata.category(ch)[0] in "PS"))


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


# Characters that tell projects apart when they are the only difference: numbers, ordinals, Latin letters.
_NUMERALS = set("0123456789〇零一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟甲乙丙丁戊己庚辛壬癸")
_NUMERALS |= set("abcdefghijklmnopqrstuvwxyz")


def near_identical(a: str, b: str) -> bool:
    """Whether two names are the same up to re-typing: spacing, punctuation, width and case, or one
    mistyped character in a long name. Names that differ in a number, an ordinal or a Latin letter
    (一期 / 二期, 2024 / 2025, 甲 / 乙, A / B) are different projects."""
    ka, kb = _compact(name_key(a)), _compact(name_key(b))
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if min(len(ka), len(kb)) < 10:
        return False
    if [c for c in ka if c in _NUMERALS] != [c for c in kb if c in _NUMERALS]:
        return False
    return _distance(ka, kb, 1) <= 1
