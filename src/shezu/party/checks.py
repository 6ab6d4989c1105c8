"""Party-rule checks (党建规则检查, domain §1, §2, §8): facts on a date in, findings out.

Django-free, as affiliation's rule engine is: `party/queries.py` gathers the facts of each
Party organization and each social organization on a day D (members counted on D, current
secretaries, covered organizations) into the plain dataclasses below, and `findings_of`
runs every rule of `RULES` over them. A rule is one small function; its code (`rule`) is
stable, for filters, exports and tests, and its label is the Chinese a clerk reads.

Severity says how sure the system can be:
- error (不符合): a rule with no exception the data can explain (fewer than three full
  members in a branch, a secretary who is a probationary member, 应建未建);
- warning (需关注): a rule that allows exceptions with the superior's approval (a small
  党总支 or 党委, a term extended by up to a year) or says "generally" (≤50 per branch);
- notice (提示): not against a rule, something to act on or verify (a term ending within
  90 days, a secretary not among the recorded members).

Only full members (正式党员) count towards the 3 and the 7; the size rules (50, 100)
count every member held on D, full or probationary, as the rules speak of 党员.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "BRANCH_MAX_MEMBERS",
    "BRANCH_MIN_FULL_MEMBERS",
    "COMMITTEE_MIN_FULL_MEMBERS",
    "GENERAL_BRANCH_MIN_MEMBERS",
    "JOINT_BRANCH_MAX_ORGANIZATIONS",
    "PARTY_COMMITTEE_MIN_MEMBERS",
    "RULES",
    "SHOULD_BUILD_MIN_FULL_MEMBERS",
    "TERM_NOTICE_DAYS",
    "Finding",
    "OrganizationFacts",
    "PartyOrgFacts",
    "Rule",
    "SecretaryFacts",
    "Severity",
    "SubjectKind",
    "findings_of",
    "organization_findings",
    "party_org_findings",
]

# Thresholds (domain §1.1, §1.2, §2). The 2018 条例 codified them; 2016 practice was the
# same except the joint-branch cap, which Kunming applies as a warning.
BRANCH_MIN_FULL_MEMBERS = 3  # a branch needs ≥3 full members (Party Constitution; 条例 ch. 2)
COMMITTEE_MIN_FULL_MEMBERS = 7  # ≥7 full members → a branch committee (条例 ch. 6)
GENERAL_BRANCH_MIN_MEMBERS = 50  # 党总支: generally 50–<100 members (旗帜网 2021; Bazhong)
PARTY_COMMITTEE_MIN_MEMBERS = 100  # 基层党委: ≥100, fewer with the superior's approval
BRANCH_MAX_MEMBERS = 50  # a branch has generally ≤50 members (条例 ch. 2)
JOINT_BRANCH_MAX_ORGANIZATIONS = 5  # one joint branch covers ≤5 units (条例 ch. 2)
TERM_NOTICE_DAYS = 90  # 换届 coming: a notice this many days before the term runs out (§1.2)
SHOULD_BUILD_MIN_FULL_MEMBERS = 3  # 应建未建: ≥3 full members among the staff (§2, §8)

# The kinds and modes as party/vocabulary.py stores them (its TextChoices need Django).
COMMITTEE = "committee"
GENERAL_BRANCH = "general_branch"
BRANCH = "branch"
JOINT_BRANCH = "joint_branch"
JOINT_MODE = "joint"
_BRANCHES = (BRANCH, JOINT_BRANCH)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]


_SEVERITY_LABELS = {Severity.ERROR: "不符合", Severity.WARNING: "需关注", Severity.NOTICE: "提示"}


class SubjectKind(StrEnum):
    PARTY_ORG = "party_org"  # 党组织, subject_id its id
    ORGANIZATION = "organization"  # 社会组织, subject_id its stable id (KM0000123)


@dataclass(frozen=True)
class SecretaryFacts:
    """A secretary in office on D: whether the person is a recorded member, and if so
    whether a full member on D."""

    name: str
    title: str  # 书记 / 第一书记
    recorded: bool
    full_member: bool


@dataclass(frozen=True)
class PartyOrgFacts:
    """What the rules see of one Party organization on D.

    `members` and `full_members` count the members held on D (joined, transferred in and
    not out) whose relationship is here; `organizations` the social organizations it
    covers on D.
    """

    id: int
    name: str
    kind: str  # committee / general_branch / branch / joint_branch
    mode: str  # single / joint
    founded_on: dt.date | None
    dissolved_on: dt.date | None
    has_committee: bool | None  # None: the file did not say
    elected_on: dt.date | None
    term_ends_on: dt.date | None
    members: int
    full_members: int
    organizations: int
    secretaries: tuple[SecretaryFacts, ...] = ()

    def exists_on(self, day: dt.date) -> bool:
        """Founded on or before `day` and not dissolved on or before it (domain §8)."""
        founded = self.founded_on is None or self.founded_on <= day
        return founded and (self.dissolved_on is None or self.dissolved_on > day)

    @property
    def is_branch(self) -> bool:
        return self.kind in _BRANCHES

    @property
    def is_joint_branch(self) -> bool:
        return self.kind == JOINT_BRANCH or (self.kind == BRANCH and self.mode == JOINT_MODE)


@dataclass(frozen=True)
class OrganizationFacts:
    """What 应建未建 sees of one in-scope social organization on D."""

    org_id: str
    name: str
    full_members_on_staff: int  # full members whose employer it is, wherever held
    has_own_party_org: bool  # a single-mode (单独组建) Party organization covers it on D


@dataclass(frozen=True)
class Finding:
    rule: str  # a code of RULES
    severity: Severity
    subject_kind: SubjectKind
    subject_id: str
    subject_name: str
    message: str

    @property
    def label(self) -> str:
        return RULES[self.rule].label


# ---------------------------------------------------------------------------
# The rules over a Party organization


def _party_finding(rule: str, facts: PartyOrgFacts, message: str) -> Finding:
    return Finding(
        rule=rule,
        severity=RULES[rule].severity,
        subject_kind=SubjectKind.PARTY_ORG,
        subject_id=str(facts.id),
        subject_name=facts.name,
        message=message,
    )


def branch_under_three(facts: PartyOrgFacts, on: dt.date) -> Iterator[Finding]:
    if facts.is_branch and facts.full_members < BRANCH_MIN_FULL_MEMBERS:
        yield _party_finding(
            "branch_under_three",
            facts,
            f"正式党员 {facts.full_members} 名，党支部至少需 {BRANCH_MIN_FULL_MEMBERS} 名"
            "（预备党员不计）",
        )


def committee_missing(facts: PartyOrgFacts, on: dt.date) -> Iterator[Finding]:
    # Only when the file says there is none: "not said" (None) is not a finding.
    if (
        facts.is_branch
        and facts.full_members >= COMMITTEE_MIN_FULL_MEMBERS
        and facts.has_committee is False
    ):
        yield _party_finding(
            "committee_missing",
            facts,
            f"正式党员 {facts.full_members} 名，达到 {COMMITTEE_MIN_FULL_MEMBERS} 名"
            "应设支部委员会，登记为未设",
        )


def general_branch_too_small(facts: PartyOrgFacts, on: dt.date) -> Iterator[Finding]:
    if facts.kind == GENERAL_BRANCH and facts.members < GENERAL_BRANCH_MIN_MEMBERS:
        yield _party_finding(
            "general_branch_too_small",
            facts,
            f"党员 {facts.members} 名，党总支一般需 {GENERAL_BRANCH_MIN_MEMBERS} 名以上"
            "（经上级党组织批准的除外）",
        )


def committee_too_small(facts: PartyOrgFacts, on: dt.date) -> Iterator[Finding]:
    if facts.kind == COMMITTEE and facts.members < PARTY_COMMITTEE_MIN_MEMBERS:
        yield _party_finding(
            "committee_too_small",
            facts,
            f"党员 {facts.members} 名，基层党委一般需 {PARTY_COMMITTEE_MIN_MEMBERS} 名以上"
            "（经上级党组织批准的除外）",
        )


def branch_over_fifty(facts: PartyOrgFacts, on: dt.date) -> Iterator[Finding]:
    if facts.is_branch and facts.members > BRANCH_MAX_MEMBERS:
        yield _party_finding(
            "branch_over_fifty",
            facts,
            f"党员 {facts.members} 名，党支部一般不超过 {BRANCH_MAX_MEMBERS} 名",
        )


def joint_over_five(facts: PartyOrgFacts, on: dt.date) -> Iterator[Finding]:
    if facts.is_joint_branch and facts.organizations > JOINT_BRANCH_MAX_ORGANIZATIONS:
        yield _party_finding(
            "joint_over_five",
            facts,
            f"覆盖 {facts.organizations} 个单位，联合党支部一般不超过 "
            f"{JOINT_BRANCH_MAX_ORGANIZATIONS} 个",
        )


def term_overdue(facts: PartyOrgFacts, on: dt.date) -> Iterator[Finding]:
    # The term runs out on its end date; the day after, the election is overdue.
    ends = facts.term_ends_on
    if ends is not None and ends < on:
        yield _party_finding(
            "term_overdue",
            facts,
            f"本届 {_date(facts.elected_on)} 选举，{ends.isoformat()} 届满，"
            f"已超期 {(on - ends).days} 天未换届",
        )


def term_ending(facts: PartyOrgFacts, on: dt.date) -> Iterator[Finding]:
    ends = facts.term_ends_on
    if ends is not None and on <= ends <= on + dt.timedelta(days=TERM_NOTICE_DAYS):
        left = (ends - on).days
        when = "今天届满" if left == 0 else f"{left} 天后届满"
        yield _party_finding(
            "term_ending", facts, f"本届 {ends.isoformat()} 届满（{when}），请准备换届"
        )


def secretary_not_full_member(facts: PartyOrgFacts, on: dt.date) -> Iterator[Finding]:
    for secretary in facts.secretaries:
        if secretary.recorded and not secretary.full_member:
            yield _party_finding(
                "secretary_not_full_member",
                facts,
                f"{secretary.title}{secretary.name}在 {on.isoformat()} 不是正式党员",
            )


def secretary_unrecorded(facts: PartyOrgFacts, on: dt.date) -> Iterator[Finding]:
    for secretary in facts.secretaries:
        if not secretary.recorded:
            yield _party_finding(
                "secretary_unrecorded",
                facts,
                f"{secretary.title}{secretary.name}不在党员名册中，无法核对是否为正式党员"
                "（如组织关系在别处的选派书记）",
            )


# ---------------------------------------------------------------------------
# The rule over a social organization


def should_build(facts: OrganizationFacts, on: dt.date) -> Iterator[Finding]:
    if facts.full_members_on_staff >= SHOULD_BUILD_MIN_FULL_MEMBERS and not facts.has_own_party_org:
        yield Finding(
            rule="should_build",
            severity=RULES["should_build"].severity,
            subject_kind=SubjectKind.ORGANIZATION,
            subject_id=facts.org_id,
            subject_name=facts.name,
            message=f"从业人员中有正式党员 {facts.full_members_on_staff} 名，尚未单独建立党组织",
        )


# ---------------------------------------------------------------------------
# The table


@dataclass(frozen=True)
class Rule:
    code: str
    label: str  # Chinese, as lists and reports show it
    severity: Severity
    subject_kind: SubjectKind
    source: str  # where the rule comes from (domain.md)
    check: Callable[..., Iterator[Finding]]


_P, _O = SubjectKind.PARTY_ORG, SubjectKind.ORGANIZATION
_E, _W, _N = Severity.ERROR, Severity.WARNING, Severity.NOTICE

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("branch_under_three", "正式党员不足3名", _E, _P, "§1.1", branch_under_three),
        Rule("committee_missing", "应设支委会未设", _W, _P, "§1.1", committee_missing),
        Rule("general_branch_too_small", "党总支党员不足50名", _W, _P, "§1.1",
             general_branch_too_small),
        Rule("committee_too_small", "党委党员不足100名", _W, _P, "§1.1", committee_too_small),
        Rule("branch_over_fifty", "党支部党员超过50名", _W, _P, "§1.1", branch_over_fifty),
        Rule("joint_over_five", "联合党支部覆盖超过5个单位", _W, _P, "§1.1", joint_over_five),
        Rule("term_overdue", "届满未换届", _W, _P, "§1.2", term_overdue),
        Rule("term_ending", "即将届满", _N, _P, "§1.2", term_ending),
        Rule("secretary_not_full_member", "书记不是正式党员", _E, _P, "§1.1",
             secretary_not_full_member),
        Rule("secretary_unrecorded", "书记不在党员名册", _N, _P, "§1.1", secretary_unrecorded),
        Rule("should_build", "应建未建", _E, _O, "§2, §8", should_build),
    )
}  # fmt: skip


def party_org_findings(facts: PartyOrgFacts, on: dt.date) -> list[Finding]:
    """Every rule over one Party organization on `on`; none when it does not exist then
    (not yet founded, or dissolved)."""
    if not facts.exists_on(on):
        return []
    return [
        finding
        for rule in RULES.values()
        if rule.subject_kind is _P
        for finding in rule.check(facts, on)
    ]


def organization_findings(facts: OrganizationFacts, on: dt.date) -> list[Finding]:
    """The rules over one in-scope social organization on `on` (应建未建)."""
    return [
        finding
        for rule in RULES.values()
        if rule.subject_kind is _O
        for finding in rule.check(facts, on)
    ]


def findings_of(
    party_orgs: Iterable[PartyOrgFacts], organizations: Iterable[OrganizationFacts], on: dt.date
) -> list[Finding]:
    """Every finding on `on`, in the order of the rule table, then by subject."""
    found = [f for facts in party_orgs for f in party_org_findings(facts, on)]
    found += [f for facts in organizations for f in organization_findings(facts, on)]
    order = {code: index for index, code in enumerate(RULES)}
    return sorted(found, key=lambda f: (order[f.rule], f.subject_name, f.subject_id, f.message))


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "（日期不详）"
