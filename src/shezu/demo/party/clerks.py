"""The cells of the Party files as a county's clerks fill them: the words they use instead
of the template's, dates in brackets, the citizen ID number as they type it."""

import datetime as dt
import random

from shezu.demo.census import people
from shezu.demo.census.writers import Cell
from shezu.demo.party import forms
from shezu.demo.party.persons import Person
from shezu.demo.party.plans import JOINT, OWN, Cover, PartyOrg
from shezu.demo.party.sheets import date_cell, date_text

KIND_SYNONYM = {
    "党支部": "支部",
    "联合党支部": "联合支部",
    "党总支": "党总支部",
    "党委": "基层党委",
}
MODE_SYNONYM = {OWN: "单建", JOINT: "联建"}
ELSEWHERE = (
    "户籍所在地社区党组织",
    "昆明市人才服务中心党委",
    "云南省人才市场党委",
    "原工作单位党组织",
    "流动党员党支部",
    "",
)


def unknown_body(upper: str) -> bool:
    return any(
        body.removeprefix("中共").removesuffix("委员会") in upper
        for body in forms.UNKNOWN_BODIES.values()
    )


def secretary_name(p: PartyOrg, channel: str, rng: random.Random) -> str:
    """A head or manager of the organization is one of the branch's members (the head
    the organization's legal representative); the others come from outside."""
    if channel == "社会组织负责人" and p.mode == OWN:
        return p.covers[0].org.legal_rep
    if channel in ("社会组织负责人", "社会组织管理层") and p.members:
        return p.members[
            min(1, len(p.members) - 1) if channel == "社会组织管理层" else 0
        ].person.name
    return people.person_name(rng)


def elected_on(founded: dt.date, last: dt.date, term: int) -> dt.date:
    """The present term's election: the founding, or its last renewal."""
    elected = founded
    while True:
        try:
            nxt = elected.replace(year=elected.year + term)
        except ValueError:
            nxt = dt.date(elected.year + term, 3, 1)
        if nxt > last:
            return elected
        elected = nxt


def cover_dates(cover: Cover, rng: random.Random) -> str:
    """（2016-09-01起）, （至2016-08-31）, （2016-03-01至2016-08-31）, or nothing."""
    if cover.joined is None and cover.until is None:
        return ""
    notation = rng.choices(("iso", "slash", "chinese"), (70, 20, 10))[0]
    joined = date_text(cover.joined, notation) if cover.joined else ""
    until = date_text(cover.until, notation) if cover.until else ""
    if joined and until:
        return f"（{joined}至{until}）"
    return f"（{joined}起）" if joined else f"（至{until}）"


def person_cells(person: Person, rng: random.Random, file_date: dt.date) -> dict[str, Cell]:
    number = person.id_number
    if number.endswith("X") and rng.random() < 0.35:
        number = number[:-1] + "x"
    roll = rng.random()
    if roll < 0.03:
        number = f" {number}"
    elif roll < 0.06:
        number = f"{number} "
    probationary = person.full_on > file_date
    category = "预备党员" if probationary else "正式党员"
    if rng.random() < 0.03:
        category = category[:2]
    sex = "男" if person.male else "女"
    if rng.random() < 0.02:
        sex += "性"
    cells: dict[str, Cell] = {
        "姓名": person.name,
        "性别": sex,
        "公民身份号码": number,
        "出生日期": date_cell(person.birth, rng) if rng.random() < 0.9 else "",
        "入党日期": date_cell(person.joined, rng),
        "人员类别": category,
    }
    if not probationary and (person.joined >= dt.date(2013, 1, 1) or rng.random() < 0.3):
        cells["转正日期"] = date_cell(person.full_on, rng)
    return cells
