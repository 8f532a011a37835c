"""Full validation of an application: ≤ 5 ms median with 300 expenditure items (the GUI
re-validates on every keystroke). Also reports growth at 10, 100 and 1,000 items."""

from __future__ import annotations

import copy
import sys

from common import Result, measure, report

from hzsubsidy_desktop.formdef import load_definition
from hzsubsidy_desktop.sample import sample_application
from hzsubsidy_desktop.validation import validate

TARGET_300 = 0.005


def with_items(n: int) -> dict:
    doc = copy.deepcopy(sample_application())
    cats = list(doc["expenditure"])
    for cat in cats:
        doc["expenditure"][cat] = []
    for i in range(n):
        doc["expenditure"][cats[i % len(cats)]].append(
            {"name": f"费用项目{i}", "spent": f"{i % 50}.25", "planned": "1.5", "note": "备注"}
        )
    doc["project"]["subsidy_requested"] = "1"
    return doc


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
