"""The sample application of a notice: ``forms/<notice>/sample.json``.

The shipped one is a complete, realistic application of an enterprise in 安吉县 (Anji, Huzhou):
it validates with no error and no warning; tests, benchmarks and ``hzsubsidy sample`` use it.
The company is fictitious; its credit code has a correct check character.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.formdef import DefinitionError, FormDefinition, load_definition
from hzsubsidy_desktop.values import credit_code

SAMPLE_FILE = "sample.json"
SAMPLE_CREDIT_CODE = credit_code.complete("91330523MA2B7Q5K5")


def _read(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DefinitionError(f"{path.parent.name}/{SAMPLE_FILE}: 该申报通知没有示例申报（{exc.strerror}）。") from exc
    return docs.loads(data)


def sample_application(definition: FormDefinition | None = None) -> dict[str, Any]:
    """A fresh copy (read each time) of the notice's sample application (default: the default notice)."""
    definition = definition or load_definition()
    if definition.source is None:
        raise DefinitionError(f"{definition.id}: 该申报通知没有示例申报。")
    doc = _read(definition.source / SAMPLE_FILE)
    if doc.get("form_id") != definition.id:
        raise DefinitionError(f"{definition.source.name}/{SAMPLE_FILE}: 示例申报的 form_id 应为“{definition.id}”。")
    return doc
