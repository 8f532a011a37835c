"""Findings and the report that groups them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    ERROR = "error"  # must be fixed before a final export
    WARNING = "warning"  # shown, never blocks
    EXPLAIN = "explain"  # 说明后可继续: blocks until the user writes an explanation

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "提示", "explain": "需说明"}[self.value]


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str
    path: str  # JSON Pointer into the interchange JSON
    message: str
    step: str
    explanation: str = ""

    @property
    def key(self) -> str:
        """Stable identity used to attach an explanation: ``<code>@<pointer>``."""
        return f"{self.code}@{self.path}"

    @property
    def blocking(self) -> bool:
        return self.level is Level.ERROR or (self.level is Level.EXPLAIN and not self.explanation)

    def as_json(self) -> dict[str, Any]:
        return {
            "level": self.level.value,
            "code": self.code,
            "path": self.path,
            "message": self.message,
            "step": self.step,
            "key": self.key,  # what `hzsubsidy explain ID KEY TEXT` takes
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.WARNING)

    @property
    def explains(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.EXPLAIN)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking)

    @property
    def ready(self) -> bool:
        """No error and every explain-to-proceed finding explained: a final export may proceed."""
        return not self.blocking

    def at(self, path: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.path == path)

    @property
    def explained(self) -> tuple[Finding, ...]:
        """Explain-to-proceed findings that have their explanation (counted as 已说明, not as 提示)."""
        return tuple(f for f in self.explains if f.explanation)

    def counts_by_step(self) -> dict[str, tuple[int, int]]:
        """Per step: (blocking findings, warnings) — the same counts as :meth:`summary`."""
        blocking: Counter[str] = Counter()
        other: Counter[str] = Counter()
        for f in self.findings:
            if f.blocking:
                blocking[f.step] += 1
            elif f.level is Level.WARNING:
                other[f.step] += 1
        return {s: (blocking[s], other[s]) for s in set(blocking) | set(other)}

    def status(self) -> str:
        if not self.findings:  # most documents of an import: nothing to sort through
            return "ready"
        if self.errors:
            return "error"
        if self.blocking:
            return "explain"
        if self.warnings:
            return "warning"
        return "ready"

    def summary(self) -> str:
        """One Chinese line: how many errors, explanations due and warnings."""
        due = sum(1 for f in self.explains if not f.explanation)
        done = len(self.explained)
        return (f"错误 {len(self.errors)} 项，待说明 {due} 项，提示 {len(self.warnings)} 项"
                + (f"，已说明 {done} 项" if done else ""))
