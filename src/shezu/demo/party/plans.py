"""What the demo decides about each organization's Party building: its own Party
organization, a joint branch with its neighbours, an instructor, or nothing yet; and the
Party organizations' members, dates and covered organizations.

Shares follow Kunming 2016 (domain §2): on the reporting date about 90 % of the
organizations that exist are covered (a Party organization or an instructor), Party
organizations number about a third of the covered organizations, about 64 % of them are
an organization's own, and a year earlier about a tenth were covered.
"""

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from shezu.demo.census.organizations import Organization
from shezu.demo.census.places import chinese_number
from shezu.demo.party import persons
from shezu.demo.party.forms import PartyName
from shezu.demo.party.persons import IdBook, Person

OWN, JOINT, WORK, NONE = "单独组建", "联合组建", "工作覆盖", "未覆盖"
# (own Party organization, joint branch) by category; UNCOVERED of each have nothing yet
# and the rest an instructor (工作覆盖).
SHARES = {
    "ST": (0.17, 0.45),
    "MF": (0.23, 0.50),
    "JJ": (0.35, 0.35),
    "LS": (0.60, 0.35),
    "JC": (0.50, 0.40),
    "GZ": (0.70, 0.20),
    "JD": (0.50, 0.35),
    "KJ": (0.35, 0.55),
    "PG": (0.30, 0.55),
    "SW": (0.30, 0.55),
    "PX": (0.20, 0.48),
    "BA": (0.03, 0.14),
}
UNCOVERED = 0.01
OLD_SHARE = 0.22  # Party organizations founded before the baseline (a year before)
OLD_WORK_SHARE = 0.03
DISSOLVED_SHARE = 0.3  # of the organizations gone since 2013 that had a branch
UNDER_THREE = 0.03  # own branches with fewer than 3 full members
NO_COMMITTEE = 0.06  # of the branches with 7 full members or more
PROBATIONARY = 0.085
TRANSFER_OUT = 0.04
LATE_TRANSFER_IN = 0.12
# Founding month of a new Party organization: the campaign ran from spring 2016; what
# falls after the reporting date (31 October) is founded after it.
_CAMPAIGN_MONTHS = (
    ((2015, 11), 2),
    ((2015, 12), 2),
    ((2016, 1), 2),
    ((2016, 2), 2),
    ((2016, 3), 4),
    ((2016, 4), 8),
    ((2016, 5), 11),
    ((2016, 6), 14),
    ((2016, 7), 13),
    ((2016, 8), 11),
    ((2016, 9), 10),
    ((2016, 10), 9),
    ((2016, 11), 6),
    ((2016, 12), 4),
)
# Instructors were sent from spring 2016, a few before and a few after the reporting date.
_INSTRUCTOR_MONTHS = (
    ((2015, 11), 1),
    ((2015, 12), 1),
    ((2016, 1), 1),
    ((2016, 2), 1),
    ((2016, 3), 5),
    ((2016, 4), 12),
    ((2016, 5), 14),
    ((2016, 6), 14),
    ((2016, 7), 12),
    ((2016, 8), 10),
    ((2016, 9), 8),
    ((2016, 10), 6),
    ((2016, 11), 2),
    ((2016, 12), 1),
)
LARGE_FIELDS = ("民办学校", "民办医疗机构")
SECRETARY_CHANNELS = (
    "社会组织负责人",
    "社会组织管理层",
    "退休干部",
    "不担任现职的党政领导干部",
    "公开招聘",
    "上级选派",
)
_OWN_CHANNEL_WEIGHTS = (35, 30, 8, 4, 8, 15)
_JOINT_CHANNEL_WEIGHTS = (15, 15, 20, 8, 17, 25)
FIRST_SECRETARY_CHANNELS = ("退休干部", "不担任现职的党政领导干部", "上级选派")
INSTRUCTOR_CHANNELS = ("退休干部", "上级选派", "不担任现职的党政领导干部", "公开招聘")
_INSTRUCTOR_WEIGHTS = (30, 35, 10, 25)


@dataclass(slots=True)
class Member:
    person: Person
    employer: Organization


@dataclass(slots=True)
class Cover:
    org: Organization
    joined: dt.date | None = None  # （2016-09-01起）
    until: dt.date | None = None  # （至2016-08-31）: the last day covered

    def on(self, day: dt.date) -> bool:
        return (self.joined is None or self.joined <= day) and (
            self.until is None or self.until >= day
        )


@dataclass(slots=True)
class PartyOrg:
    name: PartyName
    mode: str
    upper: str  # as written, or "" when `parent` is set
    founded: dt.date
    covers: list[Cover]
    members: list[Member] = field(default_factory=list)
    dissolved: dt.date | None = None
    parent: "PartyOrg | None" = None
    channel: str = ""  # the secretary's
    notes: list[str] = field(default_factory=list)  # accepted rows a check should flag

    @property
    def kind(self) -> str:
        return self.name.kind

    def exists_on(self, day: dt.date) -> bool:
        return self.founded <= day and (self.dissolved is None or self.dissolved > day)

    def held_on(self, day: dt.date) -> int:
        return sum(m.person.held_on(day) for m in self.members)

    def full_on(self, day: dt.date) -> int:
        return sum(
            m.person.held_on(day) and not m.person.probationary_on(day) for m in self.members
        )

    def committee(self, day: dt.date) -> int:
        """Members of the branch committee: 3 or 5 where 7 full members or more."""
        if "no_committee" in self.notes:
            return 0
        full = self.full_on(day)
        return 0 if full < 7 else (5 if full >= 20 else 3)


def month_date(rng: random.Random, year: int, month: int, last: dt.date) -> dt.date:
    day = dt.date(year, month, rng.randint(1, 28))
    return min(day, last)


def new_founding(rng: random.Random, last: dt.date) -> dt.date:
    (year, month), *_ = rng.choices(
        [m for m, _ in _CAMPAIGN_MONTHS], [w for _, w in _CAMPAIGN_MONTHS]
    )
    return month_date(rng, year, month, last)


def instructor_date(rng: random.Random, last: dt.date) -> dt.date:
    (year, month), *_ = rng.choices(
        [m for m, _ in _INSTRUCTOR_MONTHS], [w for _, w in _INSTRUCTOR_MONTHS]
    )
    return month_date(rng, year, month, last)


def old_founding(rng: random.Random, established: dt.date, baseline: dt.date) -> dt.date | None:
    first = max(established + dt.timedelta(days=180), dt.date(2003, 1, 1))
    if first >= baseline:
        return None
    return first + dt.timedelta(days=int((baseline - first).days * rng.random() ** 0.6))


def coverage_class(org: Organization, rng: random.Random) -> str:
    own, joint = SHARES[org.category.key]
    roll = rng.random()
    if roll < own:
        return OWN
    if roll < own + joint:
        return JOINT
    if roll < 1 - UNCOVERED:
        return WORK
    return NONE


def draw_members(
    rng: random.Random,
    ids: IdBook,
    employer: Organization,
    *,
    full: int,
    probationary: int,
    founded: dt.date,
    as_of: dt.date,
    file_date: dt.date,
    head: str = "",
) -> list[Member]:
    """Members of a Party organization founded on `founded`, working in `employer`.

    Members who joined the Party before the founding transferred in on the founding day
    (or have no date: held here since); a few came later; a few left (转出).
    """
    older = employer.category.key in {"ST", "BA"}
    out: list[Member] = []
    for i in range(full + probationary):
        p = persons.person(
            rng,
            ids,
            as_of,
            file_date,
            probationary=i >= full,
            older=older,
            name=head if i == 0 else "",
        )
        if p.joined < founded:
            p.transfer_in = founded if rng.random() < 0.8 else None
        if i and rng.random() < LATE_TRANSFER_IN and (file_date - founded).days > 60:
            p.transfer_in = founded + dt.timedelta(
                days=rng.randrange(30, (file_date - founded).days)
            )
            if p.joined > p.transfer_in:
                p.transfer_in = None
        if i and rng.random() < TRANSFER_OUT:
            start = max(founded, p.transfer_in or founded, p.joined) + dt.timedelta(days=30)
            if start < file_date:
                p.transfer_out = start + dt.timedelta(
                    days=rng.randrange((file_date - start).days + 1)
                )
        out.append(Member(p, employer))
    return out


def own_size(org: Organization, rng: random.Random) -> tuple[int, int, bool]:
    """(full, probationary, under three) members of an organization's own Party body."""
    large = org.field in LARGE_FIELDS and org.category.key == "MF" and org.staff >= 60
    if large and rng.random() < 0.2:
        total = rng.randint(50, 160)
        probationary = sum(rng.random() < PROBATIONARY for _ in range(total))
        return total - probationary, probationary, False
    if rng.random() < UNDER_THREE:
        return 2, rng.randint(1, 2), True
    full = 3 + min(42, int(rng.expovariate(1 / 7.5)))
    probationary = sum(rng.random() < PROBATIONARY for _ in range(full))
    return full, probationary, False


def split_branches(total: int, rng: random.Random) -> list[int]:
    """A committee's or general branch's members over its branches (≤50 each)."""
    parts = max(2, math.ceil(total / rng.randint(30, 45)))
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def ordinal(n: int) -> str:
    return f"第{chinese_number(n)}"


def secretary_channel(rng: random.Random, *, joint: bool) -> str:
    weights = _JOINT_CHANNEL_WEIGHTS if joint else _OWN_CHANNEL_WEIGHTS
    return rng.choices(SECRETARY_CHANNELS, weights)[0]


def instructor_channel(rng: random.Random) -> str:
    return rng.choices(INSTRUCTOR_CHANNELS, _INSTRUCTOR_WEIGHTS)[0]
