"""The rows planted in the demo's Party files that an import must refuse, one of each kind
a county's file really holds; each is recorded in party_truth.csv with its Excel row.

Every planted row is an extra row (a made-up person, meeting or Party organization), so
refusing it changes none of the true figures.
"""

import datetime as dt
import random

from shezu.demo.census import people
from shezu.demo.census.writers import Cell
from shezu.demo.party import forms, persons
from shezu.demo.party.clerks import person_cells
from shezu.demo.party.persons import IdBook, id_check
from shezu.demo.party.plans import OWN, PartyOrg
from shezu.demo.party.sheets import ACTIVITIES, MEMBERS, ORGS, SECRETARIES, date_cell

# The planted rejects: reason → (kind of file, the data row from which it is planted).
ORG_UNKNOWN, ORG_AMBIGUOUS = "organization_unknown", "organization_ambiguous"
ID_CHECK, BIRTH_MISMATCH = "id_check_digit", "birth_date_mismatch"
PARTY_ORG_UNKNOWN, ATTENDANCE, ACTIVITY_UNKNOWN = (
    "party_org_unknown",
    "attendance_exceeds_expected",
    "activity_type_unknown",
)
REJECTS: tuple[tuple[str, str, int], ...] = (
    (ORGS, ORG_UNKNOWN, 30),
    (ORGS, ORG_AMBIGUOUS, 70),
    (MEMBERS, ID_CHECK, 150),
    (MEMBERS, BIRTH_MISMATCH, 420),
    (MEMBERS, PARTY_ORG_UNKNOWN, 777),
    (SECRETARIES, PARTY_ORG_UNKNOWN, 90),
    (ACTIVITIES, ATTENDANCE, 333),
    (ACTIVITIES, ACTIVITY_UNKNOWN, 1111),
)
# Registered after the census: no department list has it (the facts workbook's too).
UNKNOWN_ORG_NAME = "昆明市滇池航模运动俱乐部"
UNKNOWN_PARTY_ORGS = {
    MEMBERS: "中共昆明市金鹰大厦社会组织联合支部委员会",
    SECRETARIES: "中共昆明市春城商务楼宇联合支部委员会",
}
UNKNOWN_ACTIVITY = "趣味运动会"


def planted_row(
    kind: str,
    reason: str,
    *,
    rng: random.Random,
    ambiguous: str,
    branch: PartyOrg | None,
    ids: IdBook,
    as_of: dt.date,
    file_date: dt.date,
) -> tuple[dict[str, Cell], str]:
    """(cells, detail) of one planted row; `branch`: a real branch the row names,
    `ambiguous`: a registered name two organizations share."""
    if kind == ORGS:
        target = UNKNOWN_ORG_NAME if reason == ORG_UNKNOWN else ambiguous
        return {
            "党组织名称": f"中共{target}支部委员会",
            "党组织类别": "党支部",
            "组建方式": OWN,
            "上级党组织": forms.CITY_BODY,
            "覆盖社会组织": target,
            "成立日期": date_cell(dt.date(2016, 6, 12), rng),
        }, target
    if kind == SECRETARIES:
        name = UNKNOWN_PARTY_ORGS[SECRETARIES]
        return {
            "党组织名称": name,
            "姓名": people.person_name(rng),
            "来源": "上级选派",
            "职务": "书记",
            "任职日期": date_cell(dt.date(2016, 7, 1), rng),
        }, name
    assert branch is not None
    if kind == ACTIVITIES:
        day = min(file_date, max(branch.founded, dt.date(2016, 7, 1)))
        expected = max(1, branch.held_on(day))
        cells: dict[str, Cell] = {
            "党组织名称": branch.name.canonical,
            "日期": date_cell(day, rng),
            "主题": "学习党章",
            "应到人数": expected,
            "实到人数": expected + 2 if reason == ATTENDANCE else expected,
            "活动类型": UNKNOWN_ACTIVITY if reason == ACTIVITY_UNKNOWN else "主题党日",
        }
        return (
            cells,
            f"{branch.name.canonical} {cells['活动类型']} {expected}→{cells['实到人数']}",
        )
    person = persons.person(rng, ids, as_of, file_date, probationary=False)
    cells = person_cells(person, rng, file_date)
    cells["公民身份号码"] = person.id_number
    cells["出生日期"] = person.birth
    cells["所在党组织"] = branch.name.canonical
    cells["工作单位"] = ""  # only the planted fault, nothing else to resolve
    if reason == ID_CHECK:
        body = person.id_number[:17]
        wrong = next(c for c in "0123456789X" if c != id_check(body))
        cells["公民身份号码"] = body + wrong
        return cells, body + wrong
    if reason == BIRTH_MISMATCH:
        cells["出生日期"] = person.birth + dt.timedelta(days=40)
        return cells, f"{person.id_number} {cells['出生日期']}"
    cells["所在党组织"] = UNKNOWN_PARTY_ORGS[MEMBERS]
    return cells, UNKNOWN_PARTY_ORGS[MEMBERS]
