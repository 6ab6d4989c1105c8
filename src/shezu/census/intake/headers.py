"""The canonical fields of a source record and the header synonyms that name them.

Department files name the same thing in many ways; a header is recognised by
exact match after normalisation (full width → half width, spaces and
punctuation removed), so `统一社会信用代码（18位）` still finds `uscc`.
"""

import re
import unicodedata

CANONICAL_FIELDS: tuple[str, ...] = (
    "record_id",
    "name",
    "former_name",
    "uscc",
    "org_code",
    "tax_id",
    "business_reg_no",
    "license_no",
    "category",
    "registration_authority",
    "supervisor",
    "founder",
    "address",
    "area",
    "township",
    "community",
    "legal_rep",
    "phone",
    "established_on",
    "status",
    "status_date",
    "inspection",
    "staff_count",
)

# 字段同义词: every header seen in department exports, by canonical field.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "record_id": ("序号", "编号", "登记编号", "记录号", "流水号", "备案编号", "ID"),
    "name": (
        "社会组织名称",
        "机构名称",
        "纳税人名称",
        "企业名称",
        "事务所名称",
        "组织名称",
        "单位名称",
        "名称",
        "社团名称",
        "民非名称",
        "主体名称",
        "律所名称",
    ),
    "former_name": ("曾用名", "原名称", "变更前名称", "原名"),
    "uscc": (
        "统一社会信用代码",
        "信用代码",
        "社会信用代码",
        "统一代码",
        "USCC",
        "统一社会信用代码/注册号",
    ),
    "org_code": ("组织机构代码", "机构代码", "组织代码", "代码证号"),
    "tax_id": ("纳税人识别号", "税务登记号", "纳税人识别号/统一社会信用代码", "税号", "识别号"),
    "business_reg_no": ("注册号", "工商注册号", "营业执照注册号", "营业执照号"),
    "license_no": (
        "执业许可证号",
        "许可证号",
        "执业证号",
        "证书编号",
        "执业许可证编号",
        "批准文号",
    ),
    "category": ("组织类型", "类型", "类别", "社会组织类型", "登记类型", "机构类型", "组织类别"),
    "registration_authority": ("登记管理机关", "登记机关", "发证机关", "审批机关", "主管税务机关"),
    "supervisor": ("业务主管单位", "主管单位", "行业主管部门", "业务指导单位"),
    "founder": ("举办单位", "举办者", "出资人", "发起单位", "开办单位", "投资人"),
    "address": (
        "住所",
        "地址",
        "办公地址",
        "注册地址",
        "住所地",
        "经营场所",
        "生产经营地址",
        "执业地址",
        "活动地点",
    ),
    "area": ("所属区县", "区县", "所在区县", "行政区划", "所属地区", "辖区"),
    "township": ("所属街道", "街道", "乡镇街道", "所在街道", "乡镇"),
    "community": ("所属社区", "社区", "所在社区", "村（社区）"),
    "legal_rep": ("法定代表人", "法人代表", "负责人", "法人", "主任", "执行事务合伙人"),
    "phone": ("联系电话", "电话", "联系方式", "办公电话", "固定电话", "手机", "电话号码"),
    "established_on": (
        "成立日期",
        "成立时间",
        "登记日期",
        "设立日期",
        "批准日期",
        "备案日期",
        "开业日期",
    ),
    "status": ("状态", "登记状态", "经营状态", "纳税人状态", "执业状态", "活动状态"),
    "status_date": ("状态日期", "注销日期", "变更日期", "状态变更日期"),
    "inspection": ("年检结果", "年度检查", "年检情况", "年报情况", "年度检查结论"),
    "staff_count": ("从业人数", "专职工作人员数", "人数", "职工人数", "工作人员数", "执业人数"),
}

_NOISE = re.compile(r"[\s()（）\[\]【】:：*＊/／\-_.。]")


def header_key(header: str) -> str:
    """The form in which a header is compared: half width, upper case, no punctuation."""
    text = unicodedata.normalize("NFKC", header).upper()
    text = re.sub(r"[（(].*?[)）]", "", text)  # 统一社会信用代码（18位） → 统一社会信用代码
    return _NOISE.sub("", text)


SYNONYM_INDEX: dict[str, str] = {
    header_key(synonym): field
    for field, synonyms in HEADER_SYNONYMS.items()
    for synonym in synonyms
}
