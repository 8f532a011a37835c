"""A complete, realistic application of an enterprise in 安吉县 (Anji, Huzhou).

It validates with no error and no warning; tests, benchmarks and the GUI's demo use it.
The company is fictitious; its credit code is built with a correct check character.
"""

from __future__ import annotations

from typing import Any

from hzsubsidy_desktop.document import FORMAT_VERSION
from hzsubsidy_desktop.values import credit_code

SAMPLE_CREDIT_CODE = credit_code.complete("91330523MA2B7Q5K5")


def _item(name: str, spent: str | None, planned: str | None, note: str = "") -> dict[str, str]:
    row = {"name": name}
    if spent is not None:
        row["spent"] = spent
    if planned is not None:
        row["planned"] = planned
    if note:
        row["note"] = note
    return row


def sample_application() -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "form_id": "zj-cbec-2024",
        "enterprise": {
            "name": "浙江竹韵家居科技有限公司",
            "enterprise_type": "生产型",
            "county": "安吉县",
            "nature": "内资",
            "legal_representative": "沈建国",
            "address": "浙江省湖州市安吉县递铺街道天荒坪北路288号",
            "credit_code": SAMPLE_CREDIT_CODE,
            "registered_capital": "2000",
            "total_assets": "18650.32",
            "net_assets": "9420.5",
            "cbec_turnover": "6235.8",
            "revenue": "21480.6",
            "profit": "1365.25",
            "profile": (
                "公司成立于2012年，主营竹木家具和办公椅的研发、生产与销售，是安吉椅业产业带骨干企业。"
                "2019年起布局跨境电商，在亚马逊、Wayfair、独立站等渠道开设店铺，产品销往美国、德国、日本等30多个国家和地区，"
                "2024年跨境电商销售额6235.8万元，同比增长28%。公司在美国、德国设有海外仓，拥有跨境电商运营团队46人。"
            ),
            "project_leader": "沈建国",
            "leader_phone": "13905721234",
            "contact_person": "李晓燕",
            "contact_phone": "0572-5123456",
        },
        "project": {
            "name": "安吉椅业跨境电商产业带展示选品中心建设项目",
            "types": ["跨境电商产业带展示选品中心", "跨境电商公共服务中心"],
            "start": "2024-03",
            "end": "2025-09",
            "total_investment": "600",
            "period_investment": "560",
            "address": "浙江省湖州市安吉县递铺街道椅业跨境电商产业园3号楼",
            "content": (
                "建设3200平方米的椅业产业带展示选品中心，设置样品展示区、直播选品区、海外买家洽谈区；"
                "上线选品管理与供应链协同系统，引入产品3D建模和多语种详情页制作服务；"
                "同步建设跨境电商公共服务中心，为产业带企业提供物流、支付、合规和培训服务。"
            ),
            "subsidy_requested": "150",
        },
        "plan": [
            {"deadline": "2024-12-31", "invested": "320", "progress": "完成展厅装修主体工程和展示货架安装，选品管理系统一期上线。"},
            {"deadline": "2025-09-30", "invested": "560", "progress": "完成多媒体展示和3D建模服务，公共服务中心投入运营，入驻企业达到规模要求。"},
        ],
        "expenditure": {
            "equipment": [
                _item("展示货架及灯光系统", "85", "0"),
                _item("多媒体互动展示屏（86英寸，12台）", "42.5", "18"),
            ],
            "software": [_item("选品管理与供应链协同系统", "36", "24", "分两期开发")],
            "technology": [_item("产品3D建模与多语种详情页制作技术服务", "20", "15")],
            "information": [_item("海外市场与品类数据库订阅（2年）", "8", "6")],
            "construction": [_item("展示选品中心装修工程", "120", "60")],
            "other": [_item("产业带跨境电商培训及海外推介活动", "0", "25")],
        },
        "narrative": {
            "overview": (
                "安吉椅业产业带企业众多，但中小企业普遍缺少面向海外买家的集中展示和选品渠道。"
                "项目建成后可集中展示产业带300余家企业的4500余款产品，预计年新增跨境电商交易额1.2亿元。"
            ),
            "practices": "整合产业带供应商资源，统一选品标准；建设线上线下融合的选品平台；联合服务商提供一站式出海服务。",
            "kpi_economic": "项目实施后年新增跨境电商交易额1.2亿元，新增利润900万元。",
            "kpi_social": "带动产业带新增跨境电商企业40家，培训跨境电商人才500人次，新增就业岗位120个。",
            "kpi_sustainable": "形成可复制的产业带选品服务模式，中心运营收入覆盖运营成本，实现长期自我运转。",
            "commerce_funds_received": "否",
            "government_funding": "2023年获安吉县电子商务专项资金补助15万元（用于海外仓建设，非本项目）。",
            "approvals": "项目使用已建成厂房改造，不涉及新增用地；已完成消防验收，不需能评、环评。",
            "demonstration": "为安吉椅业产业带提供集中展示和选品服务，带动产业带企业抱团出海，可在县内竹木、白茶等产业带推广。",
        },
        "conditions": {
            "area_sqm": "3200",
            "suppliers": 86,
            "brands": 120,
            "product_categories": 4500,
            "service_providers": 28,
        },
        "undertakings": {"policy": True, "no_other_funds": True, "credit_safety": True, "truthful": True},
        "explanations": {},
    }
