"""A clerk's database with many imported projects, built quickly for the list benchmarks.

The projects are written through the store as the importer writes them (origin ``import``, a
submission id, the check result recorded); their names, amounts, types and review states vary so
that sorting and searching have work to do. Importing real files is measured by ``bench_import.py``.
"""

from __future__ import annotations

import copy
import uuid
from pathlib import Path

from common import ROOT  # noqa: F401 - puts the project on sys.path

REVIEW = ("待审核", "已通过", "需修改", "退回")
TYPES = ("跨境电商平台", "跨境电商独立站", "海外仓", "跨境电商产业园", "服务商")


def build(path: Path, count: int) -> None:
    from hzsubsidy_desktop.county.importing import ORIGIN
    from hzsubsidy_desktop.document.sample import sample_application
    from hzsubsidy_desktop.formdef import load_definition
    from hzsubsidy_desktop.store import Store
    from hzsubsidy_desktop.validation import validate

    definition = load_definition()
    base = sample_application()
    types = [t for t in definition.field("/project/types").choices] or list(TYPES)
    with Store(path) as store, store.transaction():
        for i in range(count):
            doc = copy.deepcopy(base)
            doc["project"]["name"] = f"{base['project']['name']}（第{i}期）"
            doc["enterprise"]["name"] = f"测试企业{i % 997}有限公司"
            doc["project"]["total_investment"] = f"{100 + (i * 37) % 900}.{i % 100:02d}"
            doc["project"]["types"] = [types[i % len(types)]]
            if i == 0:
                report = validate(definition, doc)
            app_id = store.create(doc, actor="clerk", origin=ORIGIN, submission_id=uuid.uuid4().hex, revision=1)
            store.record_status(app_id, report.status(), len(report.blocking), len(report.warnings))
            if i % 4:
                store.set_review(app_id, REVIEW[i % 4], f"意见{i}" if i % 8 == 3 else "", actor="clerk")
