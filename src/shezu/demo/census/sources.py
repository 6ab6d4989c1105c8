"""The six department files: name, format, encoding, layout and columns.

Headers are taken from `fields.HEADER_SYNONYMS`, a different synonym per department
where the table offers one, so every file imports without a mapping too. Columns
whose `field` is None are the extras a department exports that no canonical field
takes (备注, 业务范围 …).
"""

import datetime as dt
from dataclasses import dataclass

XLS_ROW_LIMIT = 65_000  # .xls holds 65,536 rows a sheet; beyond this 司法 is written as .xlsx


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # key of the cell in a record (the canonical field, or the extra's own key)
    header: str
    field: str | None  # canonical field, None if unmapped


@dataclass(frozen=True, slots=True)
class SourceSpec:
    department: str
    stem: str
    fmt: str  # xlsx | xls | csv
    encoding: str  # CSV encoding ("" for workbooks)
    sheet: str  # "" for CSV
    title_rows: tuple[str, ...]  # merged title rows above the header
    columns: tuple[Column, ...]
    as_of: dt.date
    serial_format: str = ""  # record_id written by the writer: "" = no serial, "{}" = 1, 2, 3 …
    blank_row: bool = False  # an empty row in the middle of the data
    totals_row: bool = False  # a 合计 row at the bottom

    @property
    def file(self) -> str:
        return f"{self.stem}.{self.fmt}"

    @property
    def header_row(self) -> int:
        return len(self.title_rows) + 1

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def mapping(self) -> dict[str, str]:
        return {c.field: c.header for c in self.columns if c.field}

    def mapping_document(self) -> dict[str, object]:
        """The project's mapping YAML, as a dict in key order."""
        doc: dict[str, object] = {"department": self.department, "file": self.file}
        if self.sheet:
            doc["sheet"] = self.sheet
        doc["header_row"] = self.header_row
        doc["columns"] = self.mapping()
        return doc


def _columns(*items: tuple[str, str, str | None]) -> tuple[Column, ...]:
    return tuple(Column(key, header, field) for key, header, field in items)


def _mapped(*items: tuple[str, str]) -> list[tuple[str, str, str | None]]:
    return [(field, header, field) for field, header in items]


CIVIL = SourceSpec(
    department="民政",
    stem="民政_社会组织登记",
    fmt="xlsx",
    encoding="",
    sheet="登记信息",
    title_rows=("昆明市社会组织登记信息表（截至2016年3月31日）",),
    as_of=dt.date(2016, 3, 31),
    serial_format="{}",
    columns=_columns(
        *_mapped(
            ("record_id", "序号"),
            ("name", "社会组织名称"),
            ("former_name", "曾用名"),
            ("uscc", "统一社会信用代码"),
            ("org_code", "组织机构代码"),
            ("category", "社会组织类型"),
            ("registration_authority", "登记管理机关"),
            ("supervisor", "业务主管单位"),
            ("founder", "举办单位"),
            ("legal_rep", "法定代表人"),
            ("address", "办公地址"),
            ("phone", "联系电话"),
            ("established_on", "登记日期"),
            ("status", "登记状态"),
            ("inspection", "年检结果"),
            ("staff_count", "专职工作人员数"),
        ),
        ("scope", "业务范围", None),
        ("remark", "备注", None),
    ),
)
CIVIL_DICTIONARY: tuple[tuple[str, ...], ...] = (
    ("社会组织类型", "登记状态", "年检结果"),
    ("社会团体", "正常", "合格"),
    ("民办非企业单位", "注销", "基本合格"),
    ("基金会", "撤销", "不合格"),
    ("", "", "未参检"),
)

JUSTICE = SourceSpec(
    department="司法",
    stem="司法_法律服务机构",
    fmt="xls",
    encoding="",
    sheet="法律服务机构",
    title_rows=(),
    as_of=dt.date(2016, 4, 8),
    serial_format="SF{:05d}",
    columns=_columns(
        *_mapped(
            ("record_id", "编号"),
            ("name", "机构名称"),
            ("category", "机构类型"),
            ("license_no", "执业许可证号"),
            ("uscc", "社会信用代码"),
            ("legal_rep", "负责人"),
            ("address", "执业地址"),
            ("area", "所属区县"),
            ("phone", "电话"),
            ("established_on", "批准日期"),
            ("status", "执业状态"),
            ("staff_count", "执业人数"),
            ("registration_authority", "发证机关"),
        ),
        ("form", "组织形式", None),
        ("remark", "备注", None),
    ),
)

FINANCE = SourceSpec(
    department="财政",
    stem="财政_会计资产评估机构",
    fmt="csv",
    encoding="gb18030",  # GBK: identical bytes for GBK characters, and rare names still fit
    sheet="",
    title_rows=(),
    as_of=dt.date(2016, 3, 25),
    columns=_columns(
        *_mapped(
            ("name", "事务所名称"),
            ("uscc", "统一社会信用代码/注册号"),
            ("category", "类别"),
            ("license_no", "证书编号"),
            ("legal_rep", "主任"),
            ("address", "注册地址"),
            ("phone", "电话号码"),
            ("established_on", "设立日期"),
            ("registration_authority", "审批机关"),
            ("staff_count", "从业人数"),
            ("status", "状态"),
        ),
        ("cpa", "注册会计师人数", None),
        ("remark", "备注", None),
    ),
)

TAX = SourceSpec(
    department="税务",
    stem="税务_纳税人登记",
    fmt="csv",
    encoding="gb18030",
    sheet="",
    title_rows=(),
    as_of=dt.date(2016, 4, 15),
    columns=_columns(
        *_mapped(("tax_id", "纳税人识别号"), ("name", "纳税人名称"), ("legal_rep", "法人")),
        ("tax_kind", "登记注册类型", None),
        *_mapped(
            ("address", "生产经营地址"),
            ("phone", "办公电话"),
            ("established_on", "开业日期"),
            ("status", "纳税人状态"),
            ("registration_authority", "主管税务机关"),
            ("area", "行政区划"),
        ),
        ("bureau", "国地税标志", None),
    ),
)

INDUSTRY = SourceSpec(
    department="工商",
    stem="工商_市场主体",
    fmt="csv",
    encoding="utf-8-sig",
    sheet="",
    title_rows=(),
    as_of=dt.date(2016, 4, 1),
    columns=_columns(
        *_mapped(
            ("name", "企业名称"),
            ("uscc", "信用代码"),
            ("business_reg_no", "注册号"),
            ("category", "类型"),
            ("legal_rep", "法人代表"),
            ("address", "住所"),
            ("established_on", "成立日期"),
            ("status", "经营状态"),
            ("registration_authority", "登记机关"),
            ("phone", "联系方式"),
        ),
        ("capital", "注册资本（万元）", None),
        ("business_scope", "经营范围", None),
    ),
)

FILED = SourceSpec(
    department="备案",
    stem="备案_街道社区社会组织",
    fmt="xlsx",
    encoding="",
    sheet="备案名录",
    title_rows=(
        "昆明市城乡社区社会组织备案名录",
        "汇总单位：昆明市民政局　　统计截至：2016年3月31日",
    ),
    as_of=dt.date(2016, 3, 31),
    blank_row=True,
    totals_row=True,
    columns=_columns(
        *_mapped(
            ("record_id", "备案编号"),
            ("name", "组织名称"),
            ("area", "区县"),
            ("township", "乡镇街道"),
            ("community", "村（社区）"),
            ("legal_rep", "负责人"),
            ("phone", "手机"),
            ("address", "活动地点"),
            ("established_on", "备案日期"),
            ("category", "组织类别"),
            ("staff_count", "人数"),
            ("status", "活动状态"),
        ),
        ("remark", "备注", None),
    ),
)

SOURCES: tuple[SourceSpec, ...] = (CIVIL, JUSTICE, FINANCE, TAX, INDUSTRY, FILED)
