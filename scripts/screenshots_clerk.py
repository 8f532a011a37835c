"""Screenshots of the county clerk's 汇总 workspace at 1280×800, with about twenty imported projects.

Usage: ``python scripts/screenshots_clerk.py [FOLDER] [--docs] [--screen]`` (default ``docs/screenshots/``;
``--screen``: the window as large as the screen's available geometry instead of 1280×800;
``--docs`` also writes a small copy of the first one to ``docs/images/clerk-workspace.png``). Twenty
applications varied from the sample are packed into ``.hzsub`` files by the app itself (as
enterprises would send them), plus a newer revision, a conflicting copy and a damaged file; they
are imported through the workspace, some are reviewed, and each tab is captured. Everything goes
into temporary databases, so the user's data is never touched. Runs offscreen unless a display
is set.
"""

from __future__ import annotations

import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hzsubsidy_desktop import county  # noqa: E402
from hzsubsidy_desktop.document.sample import sample_application  # noqa: E402
from hzsubsidy_desktop.formdef import load_definition  # noqa: E402
from hzsubsidy_desktop.gui.app import create_app  # noqa: E402
from hzsubsidy_desktop.gui.county.conflict import ConflictDialog  # noqa: E402
from hzsubsidy_desktop.gui.dialogs import fit_to_screen  # noqa: E402
from hzsubsidy_desktop.gui.main_window import MainWindow  # noqa: E402
from hzsubsidy_desktop.gui.qt import QApplication, QImage, Qt  # noqa: E402
from hzsubsidy_desktop.interchange import submission  # noqa: E402
from hzsubsidy_desktop.store import Store  # noqa: E402
from hzsubsidy_desktop.validation import validate  # noqa: E402
from hzsubsidy_desktop.values import amounts, credit_code  # noqa: E402
from hzsubsidy_desktop.workspace import Workspace  # noqa: E402

SIZE = (1280, 800)
SHOWCASE = "恒达办公椅独立站与海外社媒营销项目"

SHOW = "跨境电商产业带展示选品中心"
ONLINE = "跨境电商线上产业带专区"
SERVICE = "跨境电商公共服务中心"
PARK = "跨境电商产业园区"

# enterprise, type, project, project types, scale of the sample's amounts, start, end, place
PROJECTS: list[tuple[str, str, str, list[str], str, str, str, str]] = [
    ("浙江竹韵家居科技有限公司", "生产型", "安吉椅业跨境电商产业带展示选品中心建设项目", [SHOW, SERVICE], "1", "2024-03", "2025-09", "递铺街道椅业跨境电商产业园3号楼"),
    ("安吉茗香白茶有限公司", "生产型", "安吉白茶线上产业带专区运营项目", [ONLINE], "0.4", "2024-05", "2025-08", "溪龙乡白茶街18号"),
    ("湖州云帆供应链管理有限公司", "服务型", "安吉跨境电商公共海外仓服务平台", [SERVICE], "0.8", "2024-01", "2025-06", "递铺街道阳光工业园区9号"),
    ("安吉恒达椅业有限公司", "生产型", SHOWCASE, [ONLINE], "0.35", "2024-06", "2025-09", "孝丰镇工业区恒达路6号"),
    ("浙江绿源竹木制品有限公司", "生产型", "竹制家居用品跨境电商选品展示中心", [SHOW], "0.6", "2024-02", "2025-07", "天子湖镇竹产业园12号"),
    ("安吉县跨境电商产业园运营管理有限公司", "服务型", "安吉县跨境电商产业园二期提升项目", [PARK], "2.2", "2024-01", "2025-09", "昌硕街道跨境电商产业园"),
    ("湖州丝路通国际贸易有限公司", "贸易型", "丝路通跨境电商多平台运营中心", [ONLINE, SERVICE], "0.5", "2024-04", "2025-09", "递铺街道胜利西路38号"),
    ("安吉永裕家具有限公司", "生产型", "永裕家具海外仓前置选品展厅建设", [SHOW], "0.9", "2024-03", "2025-06", "递铺街道永裕路1号"),
    ("浙江安吉宏图电子商务有限公司", "服务型", "跨境电商人才实训与孵化公共服务平台", [SERVICE], "0.45", "2024-07", "2025-09", "灵峰街道电商小镇5号楼"),
    ("安吉竹海纺织科技有限公司", "生产型", "竹纤维家纺线上产业带专区建设", [ONLINE], "0.3", "2024-05", "2025-05", "梅溪镇工业园区竹海路9号"),
    ("湖州万通物流有限公司", "服务型", "跨境电商集货仓与物流信息服务中心", [SERVICE], "1.1", "2024-02", "2025-09", "梅溪镇港口物流园"),
    ("安吉大康椅业有限公司", "生产型", "大康椅业亚马逊品牌出海数字化项目", [ONLINE], "0.25", "2024-08", "2025-09", "递铺街道康山工业区"),
    ("浙江天竹生物科技有限公司", "生产型", "竹炭日化产品跨境电商展示选品中心", [SHOW], "0.55", "2024-03", "2025-09", "杭垓镇工业功能区"),
    ("安吉县电子商务协会", "服务型", "安吉县跨境电商公共服务中心运营提升", [SERVICE], "0.35", "2024-01", "2025-03", "递铺街道昌硕广场2号楼"),
    ("安吉智家五金制品有限公司", "生产型", "智能家居五金线上产业带专区项目", [ONLINE], "0.28", "2024-06", "2025-09", "天荒坪镇工业区"),
    ("湖州优品汇进出口有限公司", "贸易型", "优品汇跨境电商选品直播基地", [SHOW, ONLINE], "0.7", "2024-04", "2025-08", "递铺街道浦源大道1号"),
    ("安吉华森户外用品有限公司", "生产型", "户外家具独立站及海外仓协同项目", [ONLINE], "0.38", "2024-05", "2025-09", "递铺街道华森路3号"),
    ("浙江安吉跨境供应链服务有限公司", "服务型", "跨境电商一站式合规与支付服务平台", [SERVICE], "0.42", "2024-03", "2025-09", "灵峰街道电商小镇2号楼"),
    ("安吉县竹产业投资发展有限公司", "服务型", "竹产业跨境电商产业园招商运营项目", [PARK], "1.8", "2024-02", "2025-09", "天子湖现代工业园"),
    ("安吉圣奥办公家具有限公司", "生产型", "办公家具跨境电商选品展示中心改造", [SHOW], "0.75", "2024-03", "2025-09", "递铺街道圣奥路18号"),
]
CONTENT = {
    SHOW: "建设产业带展示选品中心，设置样品展示区、直播选品区和海外买家洽谈区",
    ONLINE: "在主要跨境电商平台开设产业带专区，统一选品标准，制作多语种商品详情页",
    SERVICE: "为产业带企业提供物流、支付、合规和培训等一站式公共服务",
    PARK: "提升园区公共仓储和配套设施，引进跨境电商企业和服务商入驻",
}
REVIEWS = {
    0: ("已通过", ""),
    2: ("已通过", ""),
    3: ("需修改", "请补充设备采购合同和发票复印件"),
    5: ("退回", "园区实际使用面积不足1万平方米，不符合基本条件"),
    7: ("已通过", ""),
    10: ("已通过", ""),
    13: ("需修改", "拟支出费用请按季度细化"),
}


def settle() -> None:
    for _ in range(6):
        QApplication.processEvents()


def _scaled(value: Any, factor: Decimal) -> Any:
    number = amounts.from_text(value)
    if number is None:
        return value
    return amounts.to_text((number * factor).quantize(Decimal("0.1")))


def application(number: int) -> dict[str, Any]:
    """The sample, turned into the ``number``-th enterprise's project (amounts scaled together)."""
    enterprise, kind, name, types, scale, start, end, place = PROJECTS[number]
    factor = Decimal(scale)
    doc = sample_application()
    doc["enterprise"]["name"] = enterprise
    doc["enterprise"]["enterprise_type"] = kind
    body = f"{number + 11:02d}{(number * 7919) % 1000000:06d}"
    doc["enterprise"]["credit_code"] = credit_code.complete("91330523" + body + credit_code.organisation_check(body))
    leaders = ["沈建国", "王海峰", "陈晓东", "李慧敏", "张国华", "吴建平", "周丽娟", "徐志强", "钱晓燕", "孙伟"]
    doc["enterprise"]["project_leader"] = leaders[number % len(leaders)]
    doc["enterprise"]["contact_phone"] = f"0572-5{number:03d}{(number * 37) % 1000:03d}"
    project = doc["project"]
    content = "；".join(CONTENT[t] for t in types)
    project.update(name=name, types=types, start=start, end=end, address=f"浙江省湖州市安吉县{place}", content=content + "。")
    for key in ("total_investment", "period_investment", "subsidy_requested"):
        project[key] = _scaled(project[key], factor)
    for row in doc["plan"]:
        row["invested"] = _scaled(row["invested"], factor)
    for rows in doc["expenditure"].values():
        for row in rows:
            for key in ("spent", "planned"):
                if key in row:
                    row[key] = _scaled(row[key], factor)
    return doc


def pack_all(folder: Path, tmp: Path) -> dict[str, Path]:
    """Pack the twenty applications, a newer revision of one, a conflicting copy and a bad file."""
    definition = load_definition()
    made: dict[str, Path] = {}
    with Store(tmp / "enterprises.sqlite3") as store:
        ids = []
        for number in range(len(PROJECTS)):
            doc = application(number)
            app_id = store.create(doc)
            ids.append(app_id)
            draft = bool(validate(definition, doc).blocking)
            made[str(number)] = submission.pack_application(store, app_id, folder, draft=draft)
        # the second enterprise corrects its file and sends it again
        store.set_value(ids[1], "/project/subsidy_requested", "55", actor="enterprise")
        made["revision"] = submission.pack_application(store, ids[1], tmp / "resent", draft=True)
    with Store(tmp / "other.sqlite3") as store:
        doc = application(6)
        doc["project"]["subsidy_requested"] = "95"
        doc["project"]["total_investment"] = "420"
        made["conflict"] = submission.pack_application(store, store.create(doc), tmp / "other", draft=True)
    bad = folder / "邮件附件_未命名.hzsub"
    bad.write_bytes(b"PK\x03\x04 truncated")
    made["bad"] = bad
    return made


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    create_app()
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        inbox = tmp / "收到的报送文件"
        inbox.mkdir()
        made = pack_all(inbox, tmp)
        store = Store(tmp / "clerk.sqlite3")
        county.set_county_settings(store, {"contact_person": "赵敏", "contact_phone": "0572-5332100"})
        window = MainWindow(Workspace(store), restore=False)
        if "--screen" in sys.argv:  # as large as the screen allows (e.g. 1366×768 at 150 %)
            room = QApplication.primaryScreen().availableGeometry()
            fit_to_screen(window, room.width(), room.height())
        else:
            window.resize(*SIZE)
        window.show()
        clerk = window.clerk
        window.tabs.setCurrentWidget(clerk)
        settle()

        # first the folder, then a re-sent revision, a conflicting copy and the folder again
        for paths in ([inbox], [made["revision"], made["conflict"], made["0"]]):
            clerk.import_paths(paths)
            clerk.wait_for_import()
            settle()
        written.append(out / "clerk-02-import-results.png")
        window.grab().save(str(written[-1]))

        dialog = ConflictDialog(clerk.results.items[clerk.results.conflicts()[0]], window)
        dialog.show()
        settle()
        written.append(out / "clerk-03-conflict.png")
        dialog.grab().save(str(written[-1]))
        dialog.close()

        names = {row.texts["project_name"]: row.app_id for row in clerk.project_model.rows}
        for number, (state, comment) in REVIEWS.items():
            county.set_review(store, names[PROJECTS[number][2]], state, comment)
        clerk.refresh()
        clerk.tabs.setCurrentIndex(0)
        clerk.select_project(names[SHOWCASE])
        settle()
        written.insert(0, out / "clerk-01-workspace.png")
        window.grab().save(str(written[0]))

        county.set_declaration(store, {
            "project_name": "安吉县跨境电商高质量发展试点重点项目",
            "goals": "到2025年底，全县培育跨境电商重点项目20个，带动跨境电商交易额增长30%以上；"
                     "形成椅业、竹木、白茶三个跨境电商产业带。",
            "work": "建立县领导牵头的工作专班，按月调度重点项目进度，推广产业带展示选品中心模式。",
        })
        clerk.declaration_form.load(county.declaration_values(store, clerk.definition))
        clerk.tabs.setCurrentIndex(2)
        settle()
        written.append(out / "clerk-04-county-settings.png")
        window.grab().save(str(written[-1]))

        window.close()
        store.close()
    for path in written:
        print(path)
    return 0


def save_for_docs(src: Path, dst: Path) -> Path:
    """A small copy for the documentation: 256 colours without dithering (UI colours are few)."""
    image = QImage(str(src)).convertToFormat(
        QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
    )
    image.save(str(dst), "PNG", 0)
    return dst


if __name__ == "__main__":
    args = [a for a in sys.argv if a not in ("--docs", "--screen")]
    code = main(args)
    if "--docs" in sys.argv and code == 0:
        folder = Path(args[1]) if len(args) > 1 else Path(__file__).resolve().parent.parent / "docs" / "screenshots"
        docs_image = Path(__file__).resolve().parent.parent / "docs" / "images" / "clerk-workspace.png"
        print(save_for_docs(folder / "clerk-01-workspace.png", docs_image))
    raise SystemExit(code)
