"""The census's words for people: one Chinese label per field, one vocabulary of statuses.

Every table a person reads — the ledger, review pairs, verification workbooks, change
lists, golden-record conflicts, the register export's notes — takes its labels from here,
so a field is called the same everywhere (层级, not 级别 on one page and 层级 on another).
Django-free: normalisation uses the status words too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

# Field → label. Record fields and golden-record fields share names where they mean the
# same thing; engine features (name_core, code_body …) are labelled for review evidence.
FIELD_LABELS: Final[Mapping[str, str]] = {
    "org_id": "组织编号",
    "record_id": "原编号",
    "name": "名称",
    "former_name": "曾用名",
    "former_names": "曾用名",
    "name_core": "核心名称",
    "name_suffix": "组织形式",
    "name_region": "名称中的行政区划",
    "name_initials": "拼音首字母",
    "uscc": "统一社会信用代码",
    "org_code": "组织机构代码",
    "code_body": "组织机构代码主体",
    "tax_id": "税务登记号",
    "business_reg_no": "工商注册号",
    "license_no": "执业许可证号",
    "category": "类型",
    "level": "层级",
    "registration_authority": "登记管理机关",
    "supervisor": "业务主管单位",
    "founder": "举办单位",
    "address": "地址",
    "area": "区县",
    "county_code": "区县",
    "county": "区县",
    "township": "乡镇街道",
    "township_candidates": "候选乡镇街道",
    "zone": "管理区",
    "community": "社区",
    "legal_rep": "法定代表人",
    "phone": "联系电话",
    "phones": "联系电话",
    "established_on": "成立日期",
    "status": "状态",
    "status_date": "状态日期",
    "inspection": "年检结果",
    "staff_count": "从业人数",
    "authority_department": "登记部门",
    "verified_on": "最近核实日期",
    "merged_into": "并入",
    "department": "部门",
    "encoding": "文件编码",
    "as_of": "数据日期",
    "founder_kind": "举办单位类型",
}


def field_label(name: str) -> str:
    """The label of a field; an unknown field is shown by its own name."""
    return FIELD_LABELS.get(name, name)


# 登记状态. Departments use many words; intake folds them to these.
STATUS_ACTIVE: Final = "正常"
STATUS_DEREGISTERED: Final = "注销"
STATUS_ENDED: Final = frozenset({"注销", "撤销", "吊销"})  # the organization no longer exists
STATUS_STOPPED: Final = "停止活动"  # found by a field team, not operating
STATUS_NOT_FOUND: Final = "查无此组织"  # a field team could not find it

STATUS_WORDS: Final[Mapping[str, str]] = {
    "正常": STATUS_ACTIVE,
    "存续": STATUS_ACTIVE,
    "在业": STATUS_ACTIVE,
    "开业": STATUS_ACTIVE,
    "登记成立": STATUS_ACTIVE,
    "活动": STATUS_ACTIVE,
    "正常活动": STATUS_ACTIVE,
    "执业": STATUS_ACTIVE,
    "正常执业": STATUS_ACTIVE,
    "注销": "注销",
    "已注销": "注销",
    "撤销": "撤销",
    "已撤销": "撤销",
    "吊销": "吊销",
    "已吊销": "吊销",
    "非正常": "非正常",
    "非正常户": "非正常",
    "停业": "停业",
    "歇业": "停业",
    "筹备": "筹备",
    "停止活动": STATUS_STOPPED,
    "查无此组织": STATUS_NOT_FOUND,
}


def status_word(text: str) -> str:
    """A department's status word folded to the census vocabulary; unknown words as written."""
    return STATUS_WORDS.get(text, text)


# 举办单位类型 (founder kind): who set an organization up. Field teams write it on the
# verification sheet and counties on the classification workbook; responsibility (属资)
# reads it. Units answer for what they found; a person cannot.
FOUNDER_KINDS: Final = (
    "党政机关",
    "事业单位",
    "人民团体",
    "国有企业",
    "民营企业",
    "社会组织",
    "个人",
)
