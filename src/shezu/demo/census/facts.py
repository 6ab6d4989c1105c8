"""The classification workbook (分类补充信息表) as the counties return it filled in, and its truth.

Department lists seldom say who founded an organization (举办单位), yet that decides who
answers for its Party building (属资). So the counties fill in a workbook for the
organizations they know: mostly the founder the 民政 list leaves out, sometimes only a
field (行业类型) or the supervising unit (业务主管单位) confirmed. `FactsWorkbook` is given
every organization as generation streams past and writes the row a clerk would:

* for `FOUNDER_ROWS` of the associations and 民非 whose unit founder the 民政 list does
  not name: founder, its kind (举办单位类型), often the field and the supervising unit;
* for `CONFIRM_ROWS` of the other associations and 民非: the field or the supervising
  unit only;
* three rows a real workbook has and an import must refuse: a founder kind not on the
  drop-down list (外资), an organization that matches nothing (registered after the
  census), a field not on the list (教育培训).

Clerks leave 组织编号 blank (they do not know the register's ids: an import finds the
organization by 统一社会信用代码, then by 名称), leave a credit code out or type it in lower
case, add spaces or a bracketed note to a name, and write 机关, 事业, 群团, 国企, 企业 for
the kinds. Only organizations that exist (正常) and that the register can know (the 民政
row has a name) get a row.

Output next to the department files: `分类补充_已填.xlsx` and `facts_truth.csv`
(file,row,org_id,expected,reason,kinds: the row as Excel numbers it, the true
organization or "" when the row names none, accepted/rejected, why a row is rejected,
the clerk's habits the row shows). The workbook is not in manifest.csv: a manifest lists
department files, each imported as a batch of source records, which this is not.
"""

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from shezu.demo.census import codes, sponsors
from shezu.demo.census.organizations import Organization
from shezu.demo.census.records import founder_listed
from shezu.demo.census.writers import XlsxSheetWriter

FILE = "分类补充_已填.xlsx"
TRUTH = "facts_truth.csv"
SHEET = "分类补充信息"
TITLE = "昆明市社会组织分类补充信息表（区县填报）"
HEADERS = (
    "组织编号",
    "名称",
    "统一社会信用代码",
    "举办单位",
    "举办单位类型",
    "业务主管单位",
    "行业类型",
    "备注",
)
ORG_ID, NAME, USCC, FOUNDER, FOUNDER_KIND, SUPERVISOR, FIELD, REMARK = range(len(HEADERS))
FIRST_ROW = 3  # Excel's number of the first organization's row: title, header, then data
# 行业类型: the workbook's drop-down list.
FIELDS = (
    "行业协会商会",
    "科技类",
    "公益慈善类",
    "城乡社区服务类",
    "民办学校",
    "民办医疗机构",
    "养老服务",
    "法律服务",
    "财会服务",
    "人力资源与中介",
    "文化体育",
    "其他",
)

FOUNDER_ROWS = 0.6  # of the organizations with a unit founder the 民政 list does not name
CONFIRM_ROWS = 0.05  # of the other associations and 民非 that exist
_WITH_ROWS = {"ST", "MF"}  # associations (社会团体) and 民非

# How clerks write (shares of the rows).
USCC_MISSING = 0.12  # then the name alone says which organization
USCC_LOWER = 0.08  # of the codes with a letter
NAME_NOTE = 0.5  # of the renamed with a code: 名称（原…）
MF_NOTE = 0.04  # of the 民非 with a code: 名称（民办非企业单位）
NAME_SPACE = 0.04  # 昆明市 钢琴协会
TRAILING_SPACE = 0.06
FOUNDER_SHORT = 0.2  # of the city's organs and people's organizations: 市教育局
SUPERVISOR_SHORT = 0.15  # of the city's supervising units
KIND_BLANK = 0.04
KIND_SYNONYM = 0.12  # of the kinds that have a word clerks use instead
FOUNDER_SUPERVISOR = 0.5  # founder rows that also fill in the supervising unit
FOUNDER_FIELD = 0.7  # … and the field
# Words clerks use for a kind, each meaning that kind in the project's vocabulary.
_KIND_WORDS = {
    sponsors.ORGAN: ("机关",),
    sponsors.INSTITUTION: ("事业",),
    sponsors.PEOPLES_ORGANIZATION: ("群团",),
    sponsors.STATE_ENTERPRISE: ("国企",),
    sponsors.PRIVATE_ENTERPRISE: ("企业", "民企"),
}
_FOUNDER_REMARKS = (
    "登记资料未填举办单位，已向单位核实",
    "举办单位已核实",
    "以举办单位出具的证明为准",
)

# The bad rows: where they go (the first eligible row from this row on) and what they say.
UNKNOWN_KIND, UNKNOWN_FIELD = "founder_kind_unknown", "field_unknown"
NO_MATCH = "no_such_organization"
UNKNOWN_KIND_FROM, UNKNOWN_FIELD_FROM, NO_MATCH_AFTER = 4, 8, 12
UNKNOWN_KIND_WORD = "外资"  # foreign-funded: not on the list, no synonym of a kind
UNKNOWN_FIELD_WORD = "教育培训"  # what a training school does, not one of FIELDS
# Registered after the census: no department list has it, and its new-style MJ code is one
# the generator never issues, so nothing matches it at any scale.
NO_MATCH_NAME = "昆明市滇池航模运动俱乐部"
NO_MATCH_USCC = codes.uscc("52", "530111", codes.org_code("MJ007315"))


@dataclass(slots=True)
class FactRow:
    org_id: str  # the true organization, "" when the row names none
    cells: list[str]  # the eight columns, "" for an empty cell
    kinds: list[str] = field(default_factory=list)
    expected: str = "accepted"
    reason: str = ""


def eligible(org: Organization) -> bool:
    """An organization a clerk may write about: an association or 民非 that exists and that
    the register can know by its name."""
    return (
        org.category.key in _WITH_ROWS and org.status == "正常" and "empty_name" not in org.features
    )


def fact_row(org: Organization, seed: int) -> FactRow | None:
    """The row a county writes about `org`, or None; its own stream, so nothing else moves."""
    if not eligible(org):
        return None
    rng = random.Random(f"{seed}:facts:{org.org_id}")
    founder_row = org.founder_kind not in {"", sponsors.PERSON} and not founder_listed(org, seed)
    if rng.random() >= (FOUNDER_ROWS if founder_row else CONFIRM_ROWS):
        return None
    row = _identified(org, rng)
    if founder_row:
        row.cells[FOUNDER] = _founder(org, rng, row.kinds)
        row.cells[FOUNDER_KIND] = _kind(org.founder_kind, rng, row.kinds)
        if rng.random() < FOUNDER_SUPERVISOR:
            row.cells[SUPERVISOR] = _supervisor(org, rng, row.kinds)
        if rng.random() < FOUNDER_FIELD:
            row.cells[FIELD] = org.field
        if rng.random() < 0.12:
            row.cells[REMARK] = rng.choice(_FOUNDER_REMARKS)
        return row
    roll = rng.random()  # the clerk only confirms: the field, the supervising unit, or both
    if roll < 0.55 or roll >= 0.85:
        row.cells[FIELD] = org.field
    if roll >= 0.55:
        row.cells[SUPERVISOR] = _supervisor(org, rng, row.kinds)
    if rng.random() < 0.1:
        row.cells[REMARK] = "行业类型按业务范围确定" if roll < 0.55 else "业务主管单位无变化"
    return row


def _identified(org: Organization, rng: random.Random) -> FactRow:
    """A row holding only what identifies the organization: name and credit code."""
    row = FactRow(org.org_id, [""] * len(HEADERS))
    code = org.uscc
    roll = rng.random()
    if roll < USCC_MISSING:
        code = ""
        row.kinds.append("uscc_missing")
    elif rng.random() < USCC_LOWER and code != code.lower():
        code = code.lower()
        row.kinds.append("uscc_lower")
    name = org.name.full
    roll = rng.random()
    # A bracketed note only beside a credit code: the name alone would then not match.
    if code and org.former_name and roll < NAME_NOTE:
        name += f"（原{org.former_name}）"
        row.kinds.append("name_bracket_note")
    elif code and org.category.key == "MF" and roll < MF_NOTE:
        name += rng.choice(("（民办非企业单位）", "(社会服务机构)"))
        row.kinds.append("name_bracket_note")
    roll = rng.random()
    if roll < NAME_SPACE and org.name.prefix:
        name = org.name.prefix + rng.choice((" ", "　")) + name[len(org.name.prefix) :]
        row.kinds.append("name_space")
    elif roll < NAME_SPACE + TRAILING_SPACE:
        name += rng.choice((" ", "  ", "　"))
        row.kinds.append("name_trailing_space")
    row.cells[NAME], row.cells[USCC] = name, code
    return row


def _founder(org: Organization, rng: random.Random, kinds: list[str]) -> str:
    public = org.founder_kind in {sponsors.ORGAN, sponsors.PEOPLES_ORGANIZATION}
    if public and org.founder.startswith("昆明市") and rng.random() < FOUNDER_SHORT:
        kinds.append("founder_short")
        return "市" + org.founder.removeprefix("昆明市")
    return org.founder


def _kind(kind: str, rng: random.Random, kinds: list[str]) -> str:
    roll = rng.random()
    if roll < KIND_BLANK:
        kinds.append("founder_kind_blank")
        return ""
    words = _KIND_WORDS.get(kind)
    if words and roll < KIND_BLANK + KIND_SYNONYM:
        kinds.append("founder_kind_synonym")
        return rng.choice(words)
    return kind


def _supervisor(org: Organization, rng: random.Random, kinds: list[str]) -> str:
    if not org.supervisor:
        return "无"  # the clerk confirms there is none (decoupled trade associations)
    if org.supervisor.startswith("昆明市") and rng.random() < SUPERVISOR_SHORT:
        kinds.append("supervisor_short")
        return "市" + org.supervisor.removeprefix("昆明市")
    return org.supervisor


def _no_match_row() -> FactRow:
    cells = [""] * len(HEADERS)
    cells[NAME], cells[USCC] = NO_MATCH_NAME, NO_MATCH_USCC
    cells[SUPERVISOR], cells[FIELD], cells[REMARK] = "昆明市体育局", "文化体育", "2016年5月新登记"
    return FactRow("", cells, [NO_MATCH], "rejected", NO_MATCH)


class FactsWorkbook:
    """The filled-in workbook being written, row by row, with its truth lines."""

    def __init__(self, outdir: Path, seed: int) -> None:
        self.seed = seed
        self.writer = XlsxSheetWriter(outdir / FILE, SHEET, seed=seed)
        self.writer.title(TITLE, len(HEADERS))
        self.writer.row(HEADERS)
        self.rows = 0
        self._due = [UNKNOWN_KIND, NO_MATCH, UNKNOWN_FIELD]
        self._spare: Organization | None = None  # the last one without a row, for small runs
        self._handle: IO[str] = (outdir / TRUTH).open("w", encoding="utf-8", newline="")
        self.truth = csv.writer(self._handle, lineterminator="\n")
        self.truth.writerow(("file", "row", "org_id", "expected", "reason", "kinds"))

    def add(self, org: Organization) -> None:
        row = fact_row(org, self.seed)
        if row is None:
            if eligible(org):
                self._spare = org
            return
        number = self.rows + 1
        if UNKNOWN_KIND in self._due and number >= UNKNOWN_KIND_FROM and row.cells[FOUNDER]:
            self._spoil(row, UNKNOWN_KIND)
        elif (
            UNKNOWN_FIELD in self._due and number >= UNKNOWN_FIELD_FROM and org.field == "民办学校"
        ):
            self._spoil(row, UNKNOWN_FIELD)
        self._write(row)
        if NO_MATCH in self._due and self.rows >= NO_MATCH_AFTER:
            self._due.remove(NO_MATCH)
            self._write(_no_match_row())

    def finish(self) -> int:
        """Write the bad rows a small run had no place for, close; the number of rows."""
        for reason in list(self._due):
            if reason == NO_MATCH:
                self._write(_no_match_row())
            elif self._spare is not None:  # a run without one eligible organization has none
                rng = random.Random(f"{self.seed}:facts:{reason}")
                row = _identified(self._spare, rng)
                if reason == UNKNOWN_KIND:
                    row.cells[FOUNDER] = self._spare.founder
                self._spoil(row, reason)
                self._write(row)
        if self.rows:
            first = FIRST_ROW - 1
            last = first + self.rows - 1
            self.writer.drop_down(FOUNDER_KIND, first, last, sponsors.FOUNDER_KINDS)
            self.writer.drop_down(FIELD, first, last, FIELDS)
        self.writer.close()
        self._handle.close()
        return self.rows

    def _spoil(self, row: FactRow, reason: str) -> None:
        self._due.remove(reason)
        if reason == UNKNOWN_KIND:
            row.cells[FOUNDER_KIND] = UNKNOWN_KIND_WORD
        else:
            row.cells[FIELD] = UNKNOWN_FIELD_WORD
        row.kinds.append(reason)
        row.expected, row.reason = "rejected", reason

    def _write(self, row: FactRow) -> None:
        self.rows += 1
        self.writer.row(row.cells)
        self.truth.writerow(
            (
                FILE,
                FIRST_ROW + self.rows - 1,
                row.org_id,
                row.expected,
                row.reason,
                ";".join(row.kinds),
            )
        )
