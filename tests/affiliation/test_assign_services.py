"""The assignment run over a register: one body per organization, dated history with
reasons, overrides that outlive re-links, rule versions previewed before they apply."""

import datetime as dt
from pathlib import Path

import pytest

from shezu.affiliation.errors import AffiliationError, RulesError
from shezu.affiliation.models import Assignment, AssignmentRun, Classification, RuleVersion
from shezu.affiliation.queries import assignment_history, explanation, responsible_on
from shezu.affiliation.services import (
    assignment_run,
    override_clear,
    override_set,
    rules_adopt,
    rules_preview,
)
from shezu.census.models import Organization
from tests.factories import (
    PANLONG,
    WUHUA,
    ImportBatchFactory,
    OrganizationFactory,
    SourceRecordFactory,
)

MARCH, SEPTEMBER = dt.date(2016, 3, 31), dt.date(2016, 9, 30)

pytestmark = pytest.mark.django_db


def register() -> dict[str, Organization]:
    """Six organizations, one for each way responsibility is decided."""
    return {
        # 属资: a 民非 founded by a university.
        "founded": OrganizationFactory(
            org_id="KM0000001", name="昆明正才社区服务中心", category="民办非企业单位",
            level="全市性", registration_authority="昆明市民政局", founder="云南大学",
            supervisor="昆明市民政局", township="护国街道",
        ),
        # 属条: a county association under the county's federation of literary circles.
        "supervised": OrganizationFactory(
            org_id="KM0000002", name="五华区书法家协会", level="县级",
            registration_authority="五华区民政局", supervisor="五华区文学艺术界联合会",
            township="华山街道",
        ),
        # 属条 by an industry committee: a law firm.
        "law_firm": OrganizationFactory(
            org_id="KM0000003", name="云南天外天律师事务所", category="律师事务所",
            level="省级", registration_authority="云南省司法厅", supervisor="昆明市司法局",
            township="华山街道",
        ),
        # 分级: a city-wide association without supervising unit (脱钩).
        "city_wide": OrganizationFactory(
            org_id="KM0000004", name="昆明市河南商会", level="全市性",
            registration_authority="昆明市民政局", supervisor="无", township="华山街道",
        ),
        # 分级 in a management zone: the zone, not 五华区.
        "in_zone": OrganizationFactory(
            org_id="KM0000005", name="五华区软件协会", level="县级",
            registration_authority="五华区民政局", zone="昆明国家高新技术产业开发区",
        ),
        # 属地: a community group its street filed (备案).
        "community": _filed(
            OrganizationFactory(
                org_id="KM0000006", name="华山社区舞蹈队", category="社区社会组织",
                level="城乡社区", township="华山街道", community="华山社区",
            )
        ),
    }  # fmt: skip


def _filed(organization: Organization) -> Organization:
    batch = ImportBatchFactory(department="备案", file_name="备案.xlsx")
    SourceRecordFactory(batch=batch, name=organization.name, organization=organization)
    return organization


def open_rows() -> dict[str, tuple[str, str, str, bool]]:
    return {
        a.org_id: (a.mode, a.body.code, a.rule, a.in_scope)
        for a in Assignment.objects.filter(valid_to__isnull=True).select_related("body")
    }


def test_every_organization_gets_exactly_one_body_by_the_first_rule_that_applies() -> None:
    register()

    summary = assignment_run(as_of=MARCH)

    assert open_rows() == {
        "KM0000001": ("founder", "530100-founder-01", "founder", True),
        "KM0000002": ("supervisor", "530102-arts", "supervisor", True),
        "KM0000003": ("supervisor", "530100-lawyers", "lawyers", True),
        "KM0000004": ("level", "530100", "city-wide", True),
        "KM0000005": ("level", "530102401", "county-level", True),
        # Filed only: a township answers for it, though it is not counted in scope.
        "KM0000006": ("locality", "530102001", "community", False),
    }
    assert summary.seeded_bodies > 400  # the body register was empty: Kunming's was loaded
    assert dict(summary.by_mode) == {"属资": 1, "属条": 2, "分级": 2, "属地": 1}
    assert summary.by_reason == {"首次分配": 6}
    assert (summary.organizations, summary.in_scope) == (6, 5)
    assert Classification.objects.count() == 6
    assert Assignment.objects.filter(valid_from=MARCH, reason="首次分配").count() == 6


def test_a_dry_run_writes_nothing() -> None:
    register()

    assignment_run(as_of=MARCH)
    before = list(Assignment.objects.values_list("pk", "valid_to"))
    Organization.objects.filter(org_id="KM0000002").update(
        county_code=PANLONG, fields={**Organization.objects.get(org_id="KM0000002").fields,
                                     "county_code": PANLONG, "township": "拓东街道"}
    )  # fmt: skip

    summary = assignment_run(as_of=SEPTEMBER, dry_run=True)

    assert summary.changed == 1
    assert summary.changes[0].reason == "迁址：华山街道 → 拓东街道"
    assert list(Assignment.objects.values_list("pk", "valid_to")) == before
    assert AssignmentRun.objects.count() == 1


def test_history_answers_who_was_responsible_on_a_past_date() -> None:
    organizations = register()
    assignment_run(as_of=MARCH)
    moved = organizations["supervised"]
    moved.county_code = PANLONG
    moved.fields = {**moved.fields, "county_code": PANLONG, "township": "拓东街道"}
    moved.save()
    gone = organizations["city_wide"]
    gone.status = "注销"
    gone.fields = {**gone.fields, "status": "注销", "status_date": "2016-06-01"}
    gone.save()

    summary = assignment_run(as_of=SEPTEMBER)

    assert summary.by_reason == {"迁址": 1, "不再在册": 1}
    before, after = assignment_history("KM0000002")
    # 五华区文联 may not answer for what is now in 盘龙区: the county there takes it.
    assert (before.body.code, before.valid_from, before.valid_to) == (
        "530102-arts",
        MARCH,
        SEPTEMBER,
    )
    assert (after.body.code, after.valid_from, after.valid_to) == (PANLONG, SEPTEMBER, None)
    assert after.reason == "迁址：华山街道 → 拓东街道"
    assert responsible_on("KM0000002", dt.date(2016, 5, 1)).body.code == "530102-arts"  # type: ignore[union-attr]
    assert responsible_on("KM0000002", SEPTEMBER).body.code == PANLONG  # type: ignore[union-attr]
    assert responsible_on("KM0000002", dt.date(2016, 1, 1)) is None
    ended = assignment_history("KM0000004")
    assert [(a.in_scope, a.reason) for a in ended] == [(True, "首次分配"), (False, "不再在册")]
    # Stretches never overlap and one is open per organization.
    for org_id in ("KM0000002", "KM0000004"):
        stretches = assignment_history(org_id)
        assert [a.valid_to for a in stretches[:-1]] == [a.valid_from for a in stretches[1:]]
        assert stretches[-1].valid_to is None


def test_a_run_for_an_earlier_date_is_refused() -> None:
    register()
    assignment_run(as_of=SEPTEMBER)

    with pytest.raises(AffiliationError, match="已有自 2016-09-30 起的责任归属"):
        assignment_run(as_of=MARCH)


def test_a_rerun_the_same_day_changes_nothing_and_keeps_one_stretch() -> None:
    register()
    assignment_run(as_of=MARCH)
    rows = list(Assignment.objects.values_list("pk", "org_id", "valid_from", "valid_to"))

    summary = assignment_run(as_of=MARCH)

    assert summary.changed == 0
    assert list(Assignment.objects.values_list("pk", "org_id", "valid_from", "valid_to")) == rows


def test_an_override_survives_a_relink_that_absorbs_the_organization() -> None:
    organizations = register()
    assignment_run(as_of=MARCH)
    override_set("km0000002", "行业类型", "公益慈善类", reason="章程以助学为宗旨")
    override_set("KM0000002", "founder_kind", "党政机关", reason="核实登记证书")
    # A later link run found KM0000002 and a new KM0000099 to be one organization and
    # kept the new id (ADR 0004): the old id is absorbed.
    survivor = OrganizationFactory(
        org_id="KM0000099", name="五华区书法家协会", level="县级",
        registration_authority="五华区民政局", supervisor="五华区文学艺术界联合会",
        founder="五华区文化馆", township="华山街道",
    )  # fmt: skip
    absorbed = organizations["supervised"]
    absorbed.active, absorbed.merged_into = False, survivor
    absorbed.save()

    assignment_run(as_of=SEPTEMBER)

    stored = Classification.objects.get(org_id="KM0000099")
    assert (stored.field, stored.founder_kind, stored.origin) == ("公益慈善类", "党政机关", "官办")
    assert stored.evidence["field"] == "人工更正：章程以助学为宗旨"
    assert stored.overridden == ["field", "founder_kind"]
    assert not Classification.objects.filter(org_id="KM0000002").exists()
    gone = assignment_history("KM0000002")
    assert [(a.valid_from, a.valid_to) for a in gone] == [(MARCH, SEPTEMBER)]
    # The organ founded it, but 五华区文化馆 has no Party body on the list: 属条 decides.
    assert open_rows()["KM0000099"][:2] == ("supervisor", "530102-arts")
    assert override_clear("KM0000002", "field") is True
    assert override_clear("KM0000002", "field") is False


@pytest.mark.parametrize(
    ("attribute", "value", "reason", "message"),
    [
        ("colour", "red", "x", "没有分类项「colour」"),
        ("行业类型", "教育培训", "x", "行业类型不能为「教育培训」"),
        ("level", "全市性", " ", "人工更正须写明理由"),
    ],
)
def test_an_override_is_checked(attribute: str, value: str, reason: str, message: str) -> None:
    register()

    with pytest.raises(AffiliationError, match=message):
        override_set("KM0000002", attribute, value, reason=reason)


RULES_2018 = """\
version: kunming-2018
effective_from: 2016-07-01
title: 行业协会商会脱钩后由行业协会商会党委负责
rules:
  - id: decoupled
    title: 行业协会商会由市行业协会商会党委负责
    mode: 属条
    when: {legal_form: [社会团体], field: [行业协会商会]}
    body: {code: 530100-associations}
  - id: county-level
    title: 其余按登记层级
    mode: 分级
    body: registration
"""


def test_a_rule_version_is_previewed_then_adopted_then_applies_from_its_date(
    tmp_path: Path,
) -> None:
    register()
    assignment_run(as_of=MARCH)
    path = tmp_path / "kunming-2018.yaml"
    path.write_text(RULES_2018, encoding="utf-8")

    with pytest.raises(RulesError, match="尚未预览"):
        rules_adopt(path)
    table, preview = rules_preview(path)

    assert (table.version, preview.as_of, preview.dry_run) == (
        "kunming-2018",
        dt.date(2016, 7, 1),
        True,
    )
    # The 2018 rules know no founders, supervisors or townships: all six would move.
    assert preview.by_reason == {"规则版本变更": 6}
    assert open_rows()["KM0000004"][:2] == ("level", "530100")  # nothing written
    assert RuleVersion.objects.get().adopted_at is None

    path.write_text(RULES_2018.replace("其余按登记层级", "其余按登记层级。"), encoding="utf-8")
    with pytest.raises(RulesError, match="文件在预览后改动过"):
        rules_adopt(path)
    path.write_text(RULES_2018, encoding="utf-8")
    rules_adopt(path, by="市委组织部 张敏")
    assignment_run(as_of=dt.date(2016, 6, 30))  # before it takes effect: the 2016 rules
    assert open_rows()["KM0000004"][:2] == ("level", "530100")

    summary = assignment_run(as_of=SEPTEMBER)

    assert summary.rule_version == "kunming-2018"
    assert open_rows()["KM0000004"] == ("supervisor", "530100-associations", "decoupled", True)
    # A stretch begins on the run's date: the rules took effect in July, the run was in September.
    assert responsible_on("KM0000004", dt.date(2016, 8, 1)).reason == "首次分配"  # type: ignore[union-attr]
    changed = responsible_on("KM0000004", SEPTEMBER)
    assert changed is not None and changed.reason == "规则版本变更：kunming-2016 → kunming-2018"


def test_an_unresolvable_address_is_assigned_by_level_and_followed_up() -> None:
    OrganizationFactory(
        org_id="KM0000007", name="盘龙区某某老年协会", category="社区社会组织",
        level="城乡社区", county_code="", registration_authority="盘龙区民政局",
    )  # fmt: skip

    assignment_run(as_of=MARCH)

    stretch = Assignment.objects.get(org_id="KM0000007")
    assert (stretch.mode, stretch.body.code, stretch.rule) == (
        "level",
        PANLONG,
        "registration-level",
    )
    assert stretch.follow_up == [
        "地址未能确定所在乡镇（街道），请核实地址",
        "没有规则能确定责任主体，已按登记层级暂定",
    ]


def test_explain_says_every_rule_tried() -> None:
    register()
    assignment_run(as_of=MARCH)

    found = explanation("KM0000002", MARCH)

    assert [a.rule for a in found.decision.attempts] == [
        "lawyers",
        "accountants",
        "founder",
        "supervisor",
    ]
    assert found.decision.body.code == "530102-arts"
    assert [a.reason for a in found.history] == ["首次分配"]
    assert found.record.county_code == WUHUA


def test_a_new_supervising_unit_moves_the_organization_to_its_body() -> None:
    organizations = register()
    assignment_run(as_of=MARCH)
    group = organizations["supervised"]
    group.fields = {**group.fields, "supervisor": "五华区体育局"}
    group.save()

    summary = assignment_run(as_of=SEPTEMBER)

    assert summary.by_reason == {"业务主管单位变更": 1}
    stretch = responsible_on("KM0000002", SEPTEMBER)
    assert stretch is not None
    assert (stretch.body.code, stretch.reason) == (
        "530102-sports",
        "业务主管单位变更：五华区文学艺术界联合会 → 五华区体育局",
    )
