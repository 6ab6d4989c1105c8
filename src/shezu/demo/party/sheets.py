"""The five Party templates as counties send them back: a title row above the header,
columns in the county's own order, blank rows here and there, dates in every notation.

`Sheet` numbers rows as Excel does, so the truth files can name a row the way a clerk
sees it.
"""

import datetime as dt
import random
from collections.abc import Mapping
from pathlib import Path

from shezu.demo.census.writers import Cell, XlsxSheetWriter

ORGS, MEMBERS, SECRETARIES, INSTRUCTORS, ACTIVITIES = (
    "orgs",
    "members",
    "secretaries",
    "instructors",
    "activities",
)
KINDS = (ORGS, MEMBERS, SECRETARIES, INSTRUCTORS, ACTIVITIES)

# The headers as specified (issue 10), each kind's required columns first.
HEADERS: dict[str, tuple[str, ...]] = {
    ORGS: (
        "党组织名称",
        "党组织类别",
        "组建方式",
        "上级党组织",
        "覆盖社会组织",
        "成立日期",
        "撤销日期",
        "是否设委员会",
        "本届选举日期",
        "任期年限",
    ),
    MEMBERS: (
        "姓名",
        "性别",
        "公民身份号码",
        "出生日期",
        "入党日期",
        "人员类别",
        "所在党组织",
        "工作单位",
        "转入日期",
        "转出日期",
        "组织关系所在单位",
        "转正日期",
    ),
    SECRETARIES: ("党组织名称", "姓名", "来源", "职务", "任职日期", "离任日期"),
    INSTRUCTORS: ("社会组织", "姓名", "来源", "选派日期", "撤回日期"),
    ACTIVITIES: ("党组织名称", "活动类型", "日期", "主题", "应到人数", "实到人数"),
}
# The order the columns stand in each file: a county's template is not always the city's.
FILE_ORDER: dict[str, tuple[str, ...]] = {
    ORGS: HEADERS[ORGS],
    MEMBERS: (
        "姓名",
        "公民身份号码",
        "性别",
        "出生日期",
        "人员类别",
        "入党日期",
        "转正日期",
        "所在党组织",
        "工作单位",
        "组织关系所在单位",
        "转入日期",
        "转出日期",
    ),
    SECRETARIES: ("党组织名称", "姓名", "职务", "来源", "任职日期", "离任日期"),
    INSTRUCTORS: HEADERS[INSTRUCTORS],
    ACTIVITIES: ("党组织名称", "日期", "活动类型", "主题", "应到人数", "实到人数"),
}
FILES = {
    ORGS: "党组织_汇总.xlsx",
    MEMBERS: "党员_汇总.xlsx",
    SECRETARIES: "党组织书记_汇总.xlsx",
    INSTRUCTORS: "党建指导员_汇总.xlsx",
    ACTIVITIES: "组织生活_汇总.xlsx",
}
_SHEETS = {
    ORGS: "党组织",
    MEMBERS: "党员",
    SECRETARIES: "书记",
    INSTRUCTORS: "党建指导员",
    ACTIVITIES: "组织生活",
}
_TITLES = {
    ORGS: "社会组织党组织基本情况统计表",
    MEMBERS: "社会组织党员基本情况统计表",
    SECRETARIES: "社会组织党组织书记情况统计表",
    INSTRUCTORS: "社会组织党建工作指导员选派情况表",
    ACTIVITIES: "社会组织党组织组织生活开展情况登记表",
}
BLANK_ROWS = {MEMBERS: 0.003, ACTIVITIES: 0.002, ORGS: 0.004}  # a clerk's stray blank line
# Of the written dates: a real date cell, or text in one of the clerks' notations.
_DATE_CELL = 0.55
_NOTATIONS = ("iso", "slash", "dotted", "chinese", "compact")
_NOTATION_WEIGHTS = (35, 30, 12, 15, 8)
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def full_width(text: str) -> str:
    return text.translate(_FULL_WIDTH)


def date_text(day: dt.date, notation: str) -> str:
    if notation == "iso":
        return day.isoformat()
    if notation == "slash":
        return f"{day.year}/{day.month}/{day.day}"
    if notation == "dotted":
        return f"{day.year}.{day.month}.{day.day}"
    if notation == "chinese":
        return f"{day.year}年{day.month}月{day.day}日"
    if notation == "compact":
        return f"{day:%Y%m%d}"
    raise ValueError(notation)


def date_cell(day: dt.date | None, rng: random.Random) -> Cell:
    """A date as some clerk writes it: a date cell or text, never a different day."""
    if day is None:
        return ""
    if rng.random() < _DATE_CELL:
        return day
    return date_text(day, rng.choices(_NOTATIONS, _NOTATION_WEIGHTS)[0])


class Sheet:
    """One Party template being written; `write` returns the row's Excel number."""

    def __init__(self, outdir: Path, kind: str, seed: int) -> None:
        self.kind = kind
        self.file = FILES[kind]
        self.order = FILE_ORDER[kind]
        self._writer = XlsxSheetWriter(outdir / self.file, _SHEETS[kind], seed=seed)
        self._rng = random.Random(f"{seed}:party:blank:{kind}")
        self._writer.title(_TITLES[kind], len(self.order))
        self._writer.row(self.order)
        self.header_row = 2
        self._next = 3  # Excel's number of the next row
        self.rows = 0  # data rows written

    def write(self, cells: Mapping[str, Cell]) -> int:
        if self.rows and self._rng.random() < BLANK_ROWS.get(self.kind, 0.0):
            self._writer.blank()
            self._next += 1
        self._writer.row([cells.get(header, "") for header in self.order])
        self.rows += 1
        self._next += 1
        return self._next - 1

    def close(self) -> None:
        self._writer.close()
