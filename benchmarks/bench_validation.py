"""Full validation of an application: ≤ 5 ms median with 300 expenditure items (the GUI
re-validates on every keystroke). Also reports growth at 10, 100 and 1,000 items."""

from __future__ import annotations

import sys

from common import Result, measure, report, sample_with_items

from hzsubsidy_desktop.formdef import load_definition
from hzsubsidy_desktop.validation import validate

TARGET_300 = 0.005


def with_items(n: int) -> dict:
    return sample_with_items(n)


def main() -> int:
    definition = load_definition()
    results: list[Result] = []
    for n in (10, 100, 300, 1000):
        doc = with_items(n)
        results.append(measure(f"validate, {n} items", lambda d=doc: validate(definition, d),
                               runs=60, target=TARGET_300 if n == 300 else None))
    code = report("Validation", results)
    r100, r1000 = results[1].median, results[3].median
    print(f"\ngrowth 100 → 1,000 items: ×{r1000 / r100:.1f} (linear would be ×10)")
    return code


if __name__ == "__main__":
    sys.exit(main())
