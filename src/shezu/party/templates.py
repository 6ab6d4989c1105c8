"""The fixed templates counties fill (填报模板): their columns, drop-downs and instructions.

Each kind (`TemplateKind`) has required columns, which a file must carry (in any order,
below any title rows), and optional ones after them, which a file may leave out. ID
numbers, credit codes and dates are text columns, so Excel neither rounds an 18-digit
number nor turns a date into a serial. `template_write` writes an empty template, or —
given rows — a filled one in the same layout, which is how exports and the rejects
workbook go back to a county to be corrected and imported again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

import xlsxwriter

from shezu.party.errors import PartyError
from shezu.party.models import TemplateKind
from shezu.party.vocabulary import (
    ActivityKind,
    EstablishmentMode,
    MemberCategory,
    PartyOrgKind,
    SecretaryChannel,
    SecretaryTitle,
    Sex,
)

__all__ = [
    "COVERAGE_SEPARATORS",
    "ID_COLUMN",
    "OPTIONAL",
    "REQUIRED",
    "columns_of",
    "kind_of",
    "template_write",
]

ID_COLUMN: Final = "公民身份号码"
COVERAGE_SEPARATORS: Final = "；;、"
YES, NO = "是", "否"

REQUIRED: Final[Mapping[str, tuple[str, ...]]] = {
    TemplateKind.ORGS: (
        "党组织名称",
        "党组织类别",
        "组建方式",
        "上级党组织",
        "覆盖社会组织",
        "成立日期",
        "撤销日期",
    ),
    TemplateKind.MEMBERS: (
        "姓名",
        "性别",
        ID_COLUMN,
        "出生日期",
        "入党日期",
        "人员类别",
        "所在党组织",
        "工作单位",
        "转入日期",
        "转出日期",
    ),
    TemplateKind.SECRETARIES: ("党组织名称", "姓名", "来源", "职务", "任职日期", "离任日期"),
    TemplateKind.INSTRUCTORS: ("社会组织", "姓名", "来源", "选派日期", "撤回日期"),
    TemplateKind.ACTIVITIES: ("党组织名称", "活动类型", "日期", "主题", "应到人数", "实到人数"),
}
OPTIONAL: Final[Mapping[str, tuple[str, ...]]] = {
    TemplateKind.ORGS: ("是否设委员会", "本届选举日期", "任期年限"),
    TemplateKind.MEMBERS: ("组织关系所在单位", "转正日期"),
    TemplateKind.SECRETARIES: (),
    TemplateKind.INSTRUCTORS: (),
    TemplateKind.ACTIVITIES: (),
}

# Column → the values its drop-down offers (a synonym typed by hand is still read).
_LISTS: Final[Mapping[str, tuple[str, ...]]] = {
    "党组织类别": tuple(str(label) for _, label in PartyOrgKind.choices),
    "组建方式": tuple(str(label) for _, label in EstablishmentMode.choices),
    "性别": tuple(str(label) for _, label in Sex.choices),
    "人员类别": tuple(str(label) for _, label in MemberCategory.choices),
    "来源": tuple(str(label) for _, label in SecretaryChannel.choices),
    "职务": tuple(str(label) for _, label in SecretaryTitle.choices),
    "活动类型": tuple(str(label) for _, label in ActivityKind.choices),
    "是否设委员会": (YES, NO),
}
_WIDE: Final = frozenset({"党组织名称", "上级党组织", "覆盖社会组织", "所在党组织", "工作单位",
                          "社会组织", "主题", "组织关系所在单位"})  # fmt: skip
_MEDIUM: Final = frozenset({ID_COLUMN, "来源", "活动类型"})

_SHEETS: Final[Mapping[str, str]] = {kind: str(kind.label) for kind in TemplateKind}
INSTRUCTION_SHEET: Final = "填写说明"
SPARE_ROWS: Final = 500

_DATES = "日期写作 2016-03-31（也可 2016/3/31、2016.3.31、2016年3月31日、20160331）"
_GENERAL: Final = (
    "请勿改动表头各列的名称；列的先后可以调整，标题行可以保留。",
    "每行一条；空行不读。" + _DATES + "。",
    "带下拉框的列请从列表中选择。",
    "同一文件只导入一次；修改后再次导入，已有记录按新内容更新并留下变更记录，不会重复。",
    "被退回的行会列出行号、列名和原因，改正后可以只把这些行再导入一次。",
)
_NOTES: Final[Mapping[str, tuple[str, ...]]] = {
    TemplateKind.ORGS: (
        "党组织名称写全称，如 中共昆明市摄影家协会支部委员会；同一党组织以名称识别，"
        "写法不同（中共…支部委员会 / …党支部）视为同一个。",
        "上级党组织：本表或系统中已有的党组织，或市、县（市）区、行业党委，如 "
        "中共昆明市社会组织综合委员会、中共昆明市律师行业委员会；系统中没有的上级党委"
        "会自动登记并待确认，不会因此退回。",
        "覆盖社会组织：写统一社会信用代码或登记名称，多个之间用 ；或 、 隔开。"
        "中途加入或离开的，在括号中写日期：名称（2016-09-01起）、名称（至2016-08-31）、"
        "名称（2016-03-01至2016-08-31）；不写日期的自成立日期起覆盖。",
        "某社会组织离开了联合党支部，请写明离开日期，不要直接删去：删去的仍按覆盖统计。",
        "撤销的党组织写撤销日期，不要删去这一行。",
        "是否设委员会、本届选举日期、任期年限为选填列。",
    ),
    TemplateKind.MEMBERS: (
        "公民身份号码为 18 位，最后一位可为 X；出生日期须与身份号码一致（可不填，按身份号码）。",
        "人员类别：正式党员或预备党员；预备党员转正后，可填转正日期。",
        "所在党组织：组织关系在本系统某党组织的，写该党组织名称；组织关系不在本系统的党员"
        "此栏留空，工作单位须写所在社会组织的统一社会信用代码或登记名称，"
        "组织关系所在单位写其组织关系所在（可不填）。",
        "转出的党员写转出日期，不要删去这一行。",
        "公民身份号码加密保存，列表中只显示前六位和后四位。",
    ),
    TemplateKind.SECRETARIES: (
        "党组织名称须为系统中已有的党组织。职务：书记或第一书记。",
        "来源：社会组织负责人、社会组织管理层、退休干部、不担任现职的党政领导干部、"
        "公开招聘、上级选派。",
        "离任的写离任日期，不要删去这一行；同一人再次任职另起一行。",
    ),
    TemplateKind.INSTRUCTORS: (
        "党建指导员选派到尚未建立党组织的社会组织（工作覆盖）。",
        "社会组织：写统一社会信用代码或登记名称。撤回的写撤回日期，不要删去这一行。",
    ),
    TemplateKind.ACTIVITIES: (
        "党组织名称须为系统中已有的党组织。活动类型从列表中选择。",
        "应到人数、实到人数写整数；实到人数不能多于应到人数。",
    ),
}


def kind_of(text: str) -> TemplateKind:
    """The template kind `text` names (orgs, members …, or its Chinese label)."""
    for kind in TemplateKind:
        if text.strip() in (kind.value, kind.label):
            return kind
    allowed = "、".join(kind.value for kind in TemplateKind)
    raise PartyError(f"模板类型应为 {allowed} 之一，而不是「{text}」 (unknown template kind)")


def columns_of(kind: str) -> tuple[str, ...]:
    """Every column of the template, required ones first."""
    return (*REQUIRED[kind], *OPTIONAL[kind])


def _width(header: str) -> int:
    return 40 if header in _WIDE else 22 if header in _MEDIUM else 14


def template_write(
    kind: str,
    out: Path,
    rows: Sequence[Sequence[str]] = (),
    *,
    title: str = "",
    extra: Sequence[str] = (),
) -> int:
    """Write the template of `kind` to `out` (xlsx): a title row, the header, the rows
    given (each a value per `columns_of(kind)` and then per `extra` column — columns the
    import does not read, such as the reasons a row was rejected; "" for an empty cell)
    and spare rows with the drop-downs; an instruction sheet (填写说明) after it. Returns
    the rows written."""
    kind = kind_of(kind)
    headers = (*columns_of(kind), *extra)
    workbook = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet(_SHEETS[kind])
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    required = workbook.add_format({"bold": True, "bg_color": "#FFD966", "border": 1})
    optional = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    for column, header in enumerate(headers):
        sheet.set_column(column, column, _width(header), text)
    heading = (
        title
        or f"{kind.label}信息填报表：黄色为必填列，蓝色为选填列，填写前请看「{INSTRUCTION_SHEET}」"
    )
    sheet.merge_range(0, 0, 0, len(headers) - 1, heading, bold)
    sheet.set_row(0, 30)
    for column, header in enumerate(headers):
        shown = (
            required if header in REQUIRED[kind] else optional if header in OPTIONAL[kind] else bold
        )
        sheet.write_string(1, column, header, shown)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row):
            if value:
                sheet.write_string(number, column, value, text)
    last = len(rows) + 1 + SPARE_ROWS
    for column, header in enumerate(headers):
        choices = _LISTS.get(header)
        if choices:
            sheet.data_validation(
                2,
                column,
                last,
                column,
                {
                    "validate": "list",
                    "source": list(choices),
                    "input_title": header,
                    "input_message": "从列表中选择",
                    "error_type": "warning",
                },
            )
    sheet.freeze_panes(2, 1)
    notes = workbook.add_worksheet(INSTRUCTION_SHEET)
    notes.set_column(0, 0, 110, workbook.add_format({"text_wrap": True, "valign": "top"}))
    notes.write_string(0, 0, f"{kind.label}信息填报说明", bold)
    lines = [
        "必填列：" + "、".join(REQUIRED[kind]),
        *(["选填列：" + "、".join(OPTIONAL[kind])] if OPTIONAL[kind] else []),
        *_NOTES[kind],
        *_GENERAL,
        *(f"{header}可选：{'、'.join(choices)}" for header, choices in _LISTS.items()
          if header in headers),
    ]  # fmt: skip
    for number, line in enumerate(lines, start=2):
        notes.write_string(number, 0, f"{number - 1}. {line}")
    workbook.close()
    return len(rows)
