"""The Party-rule checks (party/checks.py), without a database: facts in, findings out."""

import dataclasses
import datetime as dt

import pytest

from shezu.party.checks import (
    RULES,
    Finding,
    OrganizationFacts,
    PartyOrgFacts,
    SecretaryFacts,
    Severity,
    SubjectKind,
    findings_of,
    organization_findings,
    party_org_findings,
)

D = dt.date(2016, 10, 31)

# A branch that breaks no rule: 5 full members, no committee needed, term well ahead.
HEALTHY = PartyOrgFacts(
    id=1,
    name="昆明市摄影家协会党支部",
    kind="branch",
    mode="single",
    founded_on=dt.date(2015, 6, 1),
    dissolved_on=None,
    has_committee=False,
    elected_on=dt.date(2015, 6, 1),
    term_ends_on=dt.date(2018, 6, 1),
    members=5,
    full_members=5,
    organizations=1,
    secretaries=(SecretaryFacts("张敏", "书记", recorded=True, full_member=True),),
)


def org(**changes):
    return dataclasses.replace(HEALTHY, **changes)


def rules_of(facts, on=D):
    return [finding.rule for finding in party_org_findings(facts, on)]


def test_a_healthy_branch_has_no_findings():
    assert party_org_findings(HEALTHY, D) == []


@pytest.mark.parametrize(("full", "found"), [(2, True), (3, False)])
def test_a_branch_needs_three_full_members(full, found):
    facts = org(full_members=full, members=5)
    assert rules_of(facts) == (["branch_under_three"] if found else [])


def test_probationary_members_do_not_make_up_the_three():
    finding = party_org_findings(org(members=6, full_members=2), D)[0]
    assert finding == Finding(
        rule="branch_under_three",
        severity=Severity.ERROR,
        subject_kind=SubjectKind.PARTY_ORG,
        subject_id="1",
        subject_name="昆明市摄影家协会党支部",
        message="正式党员 2 名，党支部至少需 3 名（预备党员不计）",
    )
    assert finding.label == "正式党员不足3名"


def test_a_joint_branch_needs_three_full_members_too():
    assert rules_of(org(kind="joint_branch", mode="joint", full_members=1)) == [
        "branch_under_three"
    ]


@pytest.mark.parametrize(
    ("full", "has_committee", "found"),
    [(6, False, False), (7, False, True), (7, True, False), (7, None, False), (12, False, True)],
)
def test_seven_full_members_call_for_a_committee(full, has_committee, found):
    facts = org(full_members=full, members=full, has_committee=has_committee)
    assert rules_of(facts) == (["committee_missing"] if found else [])


def test_the_committee_message_names_the_count():
    (finding,) = party_org_findings(org(full_members=7, members=8), D)
    assert finding.severity is Severity.WARNING
    assert finding.message == "正式党员 7 名，达到 7 名应设支部委员会，登记为未设"


@pytest.mark.parametrize(("members", "found"), [(49, True), (50, False), (99, False)])
def test_a_general_branch_needs_about_fifty_members(members, found):
    facts = org(kind="general_branch", members=members, full_members=members)
    assert rules_of(facts) == (["general_branch_too_small"] if found else [])


def test_a_small_general_branch_is_a_warning_with_the_count():
    (finding,) = party_org_findings(org(kind="general_branch", members=30, full_members=28), D)
    assert finding.severity is Severity.WARNING
    assert finding.message == "党员 30 名，党总支一般需 50 名以上（经上级党组织批准的除外）"


@pytest.mark.parametrize(("members", "found"), [(99, True), (100, False)])
def test_a_party_committee_needs_about_a_hundred_members(members, found):
    facts = org(kind="committee", members=members, full_members=members)
    assert rules_of(facts) == (["committee_too_small"] if found else [])
    if found:
        assert party_org_findings(facts, D)[0].severity is Severity.WARNING


@pytest.mark.parametrize(("members", "found"), [(49, False), (50, False), (51, True)])
def test_a_branch_has_at_most_fifty_members(members, found):
    facts = org(members=members, full_members=members, has_committee=True)
    assert rules_of(facts) == (["branch_over_fifty"] if found else [])


def test_the_size_rules_count_probationary_members():
    facts = org(members=51, full_members=45, has_committee=True)
    assert party_org_findings(facts, D)[0].message == "党员 51 名，党支部一般不超过 50 名"


@pytest.mark.parametrize(("organizations", "found"), [(5, False), (6, True)])
def test_a_joint_branch_covers_at_most_five_organizations(organizations, found):
    facts = org(kind="joint_branch", mode="joint", organizations=organizations)
    assert rules_of(facts) == (["joint_over_five"] if found else [])


def test_a_branch_of_joint_mode_counts_as_a_joint_branch():
    (finding,) = party_org_findings(org(kind="branch", mode="joint", organizations=7), D)
    assert finding.rule == "joint_over_five"
    assert finding.message == "覆盖 7 个单位，联合党支部一般不超过 5 个"


def test_a_single_branch_covering_several_organizations_is_not_a_joint_branch():
    assert rules_of(org(organizations=7)) == []


@pytest.mark.parametrize(
    ("ends", "rules"),
    [
        (D - dt.timedelta(days=1), ["term_overdue"]),
        (D, ["term_ending"]),
        (D + dt.timedelta(days=90), ["term_ending"]),
        (D + dt.timedelta(days=91), []),
        (None, []),
    ],
)
def test_terms_run_out_on_their_end_date(ends, rules):
    assert rules_of(org(term_ends_on=ends)) == rules


def test_an_overdue_term_says_since_when():
    facts = org(elected_on=dt.date(2013, 6, 1), term_ends_on=dt.date(2016, 6, 1))
    (finding,) = party_org_findings(facts, D)
    assert finding.severity is Severity.WARNING
    assert finding.message == "本届 2013-06-01 选举，2016-06-01 届满，已超期 152 天未换届"


def test_a_term_ending_today_is_a_notice():
    (finding,) = party_org_findings(org(term_ends_on=D), D)
    assert finding.severity is Severity.NOTICE
    assert finding.message == "本届 2016-10-31 届满（今天届满），请准备换届"


def test_a_secretary_must_be_a_full_member():
    facts = org(
        secretaries=(
            SecretaryFacts("李华", "书记", recorded=True, full_member=False),
            SecretaryFacts("王强", "第一书记", recorded=True, full_member=True),
        )
    )
    (finding,) = party_org_findings(facts, D)
    assert finding.rule == "secretary_not_full_member"
    assert finding.severity is Severity.ERROR
    assert finding.message == "书记李华在 2016-10-31 不是正式党员"


def test_a_secretary_not_among_the_members_is_a_notice():
    facts = org(
        secretaries=(SecretaryFacts("赵刚", "第一书记", recorded=False, full_member=False),)
    )
    (finding,) = party_org_findings(facts, D)
    assert finding.rule == "secretary_unrecorded"
    assert finding.severity is Severity.NOTICE
    assert finding.message.startswith("第一书记赵刚不在党员名册中")


def test_a_dissolved_or_not_yet_founded_organization_is_not_checked():
    broken = org(full_members=0, members=0, term_ends_on=dt.date(2010, 1, 1))
    assert rules_of(dataclasses.replace(broken, dissolved_on=D)) == []
    assert rules_of(dataclasses.replace(broken, founded_on=D + dt.timedelta(days=1))) == []
    assert rules_of(dataclasses.replace(broken, dissolved_on=D + dt.timedelta(days=1))) == [
        "branch_under_three",
        "term_overdue",
    ]


SHOP = OrganizationFacts("KM0000123", "昆明市摄影家协会", 3, has_own_party_org=False)


@pytest.mark.parametrize(
    ("full", "own", "found"), [(2, False, False), (3, False, True), (3, True, False)]
)
def test_three_full_members_on_the_staff_and_no_own_party_organization(full, own, found):
    facts = dataclasses.replace(SHOP, full_members_on_staff=full, has_own_party_org=own)
    assert [f.rule for f in organization_findings(facts, D)] == (["should_build"] if found else [])


def test_should_build_names_the_organization():
    (finding,) = organization_findings(SHOP, D)
    assert finding == Finding(
        rule="should_build",
        severity=Severity.ERROR,
        subject_kind=SubjectKind.ORGANIZATION,
        subject_id="KM0000123",
        subject_name="昆明市摄影家协会",
        message="从业人员中有正式党员 3 名，尚未单独建立党组织",
    )
    assert finding.label == "应建未建"


def test_findings_come_in_the_table_order_then_by_subject():
    found = findings_of(
        [
            org(id=2, name="乙", term_ends_on=D - dt.timedelta(days=3)),
            org(id=3, name="甲", full_members=1, term_ends_on=D - dt.timedelta(days=3)),
        ],
        [SHOP],
        D,
    )
    assert [(f.rule, f.subject_name) for f in found] == [
        ("branch_under_three", "甲"),
        ("term_overdue", "乙"),
        ("term_overdue", "甲"),
        ("should_build", "昆明市摄影家协会"),
    ]


def test_every_rule_has_a_stable_code_a_label_and_a_source():
    assert list(RULES) == [
        "branch_under_three",
        "committee_missing",
        "general_branch_too_small",
        "committee_too_small",
        "branch_over_fifty",
        "joint_over_five",
        "term_overdue",
        "term_ending",
        "secretary_not_full_member",
        "secretary_unrecorded",
        "should_build",
    ]
    assert all(rule.label and rule.source.startswith("§") for rule in RULES.values())


def test_the_checks_load_without_django():
    import subprocess
    import sys

    code = "import sys, shezu.party.checks; print(any(m.startswith('django') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
