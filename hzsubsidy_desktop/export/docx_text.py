"""Measuring text for the Word tables: widths in ems, lines per cell, wrapping labels, cutting texts.

LibreOffice and Word lay the text out; these estimates decide only what must be decided before:
which rows may break across pages, where a label wraps, how a long paragraph is cut.
"""

from __future__ import annotations

import math
import re
import unicodedata

from hzsubsidy_desktop.export.docx_style import CELL_MARGIN_MM

BODY_PT = 12.0  # the table text (小四)
CHUNK_LINES = 8  # a longer answer is a row that may break across pages


def text_width(text: str) -> float:
    """Width in ems: CJK and full-width characters 1, others about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def chars_per_line(width_mm: float, size_pt: float = BODY_PT) -> int:
    """Characters of ``size_pt`` that fit in a cell of ``width_mm`` (one spare for punctuation rules)."""
    usable = width_mm - 2 * CELL_MARGIN_MM
    return max(1, int(usable / (size_pt * 25.4 / 72)) - 1)


def estimate_lines(text: str, per_line: int, indent: int = 0) -> int:
    return max(1, math.ceil((indent + text_width(text)) / per_line))


_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


def split_long_paragraph(text: str, limit: float) -> list[str]:
    """Cut one paragraph into pieces of at most ``limit`` ems, at sentence ends when possible."""
    pieces: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE_END.split(text) if s):
        while text_width(sentence) > limit:  # a sentence longer than a piece: hard cut
            room = limit - text_width(current)
            cut = _cut_at_width(sentence, room)
            if cut == 0:
                pieces.append(current)
                current = ""
                continue
            pieces.append(current + sentence[:cut])
            current, sentence = "", sentence[cut:]
        if text_width(current) + text_width(sentence) > limit:
            pieces.append(current)
            current = ""
        current += sentence
    if current or not pieces:
        pieces.append(current)
    return [p for p in pieces if p] or [""]


def _cut_at_width(text: str, room: float) -> int:
    width = 0.0
    for i, ch in enumerate(text):
        width += text_width(ch)
        if width > room:
            return i
    return len(text)


def text_chunks(text: str, width_mm: float, *, max_lines: int = CHUNK_LINES, indent: int = 2,
                first_lines: int = 0) -> list[list[tuple[str, bool]]]:
    """Paragraphs of ``text`` grouped into chunks of at most ``max_lines`` estimated lines.

    Each paragraph is ``(text, indented)``; a paragraph cut in pieces keeps the indent on its
    first piece only. ``first_lines`` lines are already used in the first chunk (a heading).
    """
    per_line = chars_per_line(width_mm)
    limit = max_lines * per_line - indent
    pieces: list[tuple[str, bool]] = []
    for para in text.split("\n"):
        para = para.rstrip()
        parts = split_long_paragraph(para, limit) if text_width(para) + indent > limit else [para]
        pieces.extend((part, i == 0) for i, part in enumerate(parts))
    chunks: list[list[tuple[str, bool]]] = [[]]
    used = first_lines
    for piece, indented in pieces:
        lines = estimate_lines(piece, per_line, indent if indented else 0)
        if chunks[-1] and used + lines > max_lines:
            chunks.append([])
            used = 0
        chunks[-1].append((piece, indented))
        used += lines
    return chunks


def wrap_label(label: str, width_mm: float, size_pt: float = BODY_PT) -> str:
    """Line breaks for a label in a narrow cell: before "（" first, then into balanced lines."""
    per_line = max(1, int((width_mm - 2 * CELL_MARGIN_MM) / (size_pt * 25.4 / 72)))
    lines: list[str] = []
    for part in label.split("\n"):
        segments = [seg for seg in re.split(r"(?=（)", part) if seg]
        current = ""
        for seg in segments:
            if current and text_width(current + seg) > per_line:
                lines.append(current)
                current = ""
            current += seg
        if current or not segments:
            lines.append(current)
    out: list[str] = []
    for line in lines:
        out.extend(_balanced(line, per_line))
    return "\n".join(out)


def _balanced(line: str, per_line: int) -> list[str]:
    width = text_width(line)
    if width <= per_line:
        return [line]
    count = math.ceil(width / per_line)
    target = width / count
    pieces, current = [], ""
    for ch in line:
        if current and (text_width(current + ch) > per_line or text_width(current) >= target - 0.01):
            pieces.append(current)
            current = ""
        current += ch
    pieces.append(current)
    return pieces
