"""Importing the Party-organization template (党组织): references to the register, to other
Party organizations and to upper bodies; coverage with dates; a later file's changes."""

import datetime as dt

import pytest

from shezu.affiliation.models import ResponsibleBody
from shezu.party.errors import PartyError
from shezu.party.models import PartyChange, PartyCoverage, PartyOrganization, PartyRejectedRow
from shezu.party.services import party_import
from tests.factories import PHOTOGRAPHERS_USCC, write_xlsx
from tests.party.party_import_builders import (
    CALLIGRAPHERS_USCC,
    LAW_FIRM_CODE,
    filled,
    register,
)

pytestmark = pytest.mark.django_db

PHOTO_BRANCH = "中共昆明市摄影家协会支部委员会"
LAW_BRANCH = "中共云南明信律师事务所支部委员会"


@pytest.fixture(autouse=True)
def kunming():
    register()


def org(name, cover="", parent="中共昆明市社会组织综合委员会", kind="党支部", **more):
    row = {
        "党组织名称": name,
        "党组织类别": kind,
        "组建方式": more.pop("mode", "单独组建"),
        "上级党组织": parent,
        "覆盖社会组织": cover,
        "成立日期": more.pop("founded", "2016-03-01"),
    }
    row.update(more)
    return row


def reasons(report):
    return {(row, column): message for row, column, message in report.rejections}


def test_organizations_are_found_by_credit_code_org_code_name_former_name_and_core_name(tmp_path):
    path = filled(tmp_path, "orgs", [
        org(PHOTO_BRANCH, PHOTOGRAPHERS_USCC),
        org("中共五华区书法家协会支部委员会", CALLIGRAPHERS_USCC.lower()),
        org(LAW_BRANCH, LAW_FIRM_CODE, parent="中共昆明市律师行业委员会"),
        org("昆明市摄影协会第二党支部", "昆明市摄影协会"),  # former name
        org("昆明市摄影家协会第三党支部", "摄影家协会"),  # core name, no region
        org("五华区书法家协会第二党支部", "昆明市五华区书法家协会"),  # the city in front
    ])  # fmt: skip

    report = party_import(path, "orgs")

    assert report.rejections == []
    assert (report.rows_read, report.accepted, report.rejected) == (6, 6, 0)
    covered = dict(PartyCoverage.objects.values_list("party_org__name", "org_id"))
    assert covered == {
        PHOTO_BRANCH: "KM0000123",
        "中共五华区书法家协会支部委员会": "KM0000300",
        LAW_BRANCH: "KM0000302",
        "昆明市摄影协会第二党支部": "KM0000123",
        "昆明市摄影家协会第三党支部": "KM0000123",
        "五华区书法家协会第二党支部": "KM0000300",
    }
    law = PartyOrganization.objects.get(name=LAW_BRANCH)
    assert law.parent_body_code == "530100-lawyers"  # 律师行业委员会 = 律师行业党委
    assert law.area_code == "530103"  # where the firm lies
    assert law.founded_on == dt.date(2016, 3, 1)
    assert PartyCoverage.objects.get(party_org=law).joined_on == dt.date(2016, 3, 1)


def test_an_organization_matching_nothing_or_two_is_rejected_naming_the_candidates(tmp_path):
    path = filled(tmp_path, "orgs", [
        org(PHOTO_BRANCH, PHOTOGRAPHERS_USCC),
        org("翠湖社区老年协会党支部", "翠湖社区老年协会"),
        org("不存在协会党支部", "昆明市不存在协会"),
        org("书法家协会联合党支部", "书法家协会", kind="联合党支部"),
    ])  # fmt: skip

    report = party_import(path, "orgs")

    assert (report.accepted, report.rejected) == (1, 3)
    why = reasons(report)
    assert (
        "翠湖社区老年协会（KM0000304）、翠湖社区老年协会（KM0000305）" in why[(4, "覆盖社会组织")]
    )
    assert "名录中没有名为「昆明市不存在协会」的社会组织" in why[(5, "覆盖社会组织")]
    assert (
        "五华区书法家协会（KM0000300）、盘龙区书法家协会（KM0000301）" in why[(6, "覆盖社会组织")]
    )
    assert PartyOrganization.objects.count() == 1
    stored = PartyRejectedRow.objects.get(row_number=4)
    assert stored.cells["党组织名称"] == "翠湖社区老年协会党支部"
    assert stored.reasons[0][0] == "覆盖社会组织"


def test_a_parent_defined_later_in_the_file_or_stored_or_without_region(tmp_path):
    party_import(filled(tmp_path, "orgs", [
        org("中共昆明市书画联合总支部委员会", "", kind="党总支", founded="2015-01-01"),
    ], name="first.xlsx"), "orgs")  # fmt: skip
    path = filled(tmp_path, "orgs", [
        org(PHOTO_BRANCH, PHOTOGRAPHERS_USCC, parent="昆明市文艺界党委"),  # defined below
        org("中共昆明市文艺界委员会", "", kind="党委"),
        org("中共五华区书法家协会支部委员会", CALLIGRAPHERS_USCC,
            parent="昆明市书画联合党总支"),  # stored, written another way
        org(LAW_BRANCH, LAW_FIRM_CODE, parent="书画联合党总支"),  # stored, without region
    ], name="second.xlsx")  # fmt: skip

    report = party_import(path, "orgs")

    assert report.rejections == []
    photo = PartyOrganization.objects.get(name=PHOTO_BRANCH)
    assert photo.parent.name == "中共昆明市文艺界委员会"
    assert photo.parent.parent_body_code == "530100"
    general = PartyOrganization.objects.get(name="中共昆明市书画联合总支部委员会")
    assert PartyOrganization.objects.get(name=LAW_BRANCH).parent == general
    calligraphers = PartyOrganization.objects.get(name="中共五华区书法家协会支部委员会")
    assert calligraphers.parent == general
    assert general.area_code == "530100"  # its body's area: it covers nothing itself


def test_an_unknown_upper_body_is_added_unconfirmed_with_a_warning_never_a_reject(tmp_path):
    path = filled(tmp_path, "orgs", [
        org(PHOTO_BRANCH, PHOTOGRAPHERS_USCC, parent="中共五华区社会组织工作委员会"),
        org("中共五华区书法家协会支部委员会", CALLIGRAPHERS_USCC,
            parent="五华区社会组织党工委"),  # the same body, written another way
    ])  # fmt: skip

    report = party_import(path, "orgs")

    assert report.rejected == 0
    body = ResponsibleBody.objects.get(name="中共五华区社会组织工作委员会")
    assert (body.confirmed, body.area_code, body.code) == (False, "530102", "530102-p1")
    assert ResponsibleBody.objects.filter(confirmed=False).count() == 1
    assert next(w for w in report.warnings if w[1] == "上级党组织")[2].endswith(
        "已登记为待确认的上级党组织（编号 530102-p1）"
    )
    assert set(PartyOrganization.objects.values_list("parent_body_code", flat=True)) == {
        "530102-p1"
    }


def test_a_parent_cycle_is_rejected(tmp_path):
    path = filled(tmp_path, "orgs", [
        org("中共甲党委", "", kind="党委", parent="中共乙党委"),
        org("中共乙党委", "", kind="党委", parent="中共甲党委"),
        org(PHOTO_BRANCH, PHOTOGRAPHERS_USCC, parent="中共甲党委"),
    ])  # fmt: skip

    report = party_import(path, "orgs")

    why = reasons(report)
    assert "上级党组织形成循环" in why[(3, "上级党组织")]
    assert "上级党组织形成循环" in why[(4, "上级党组织")]
    assert "该行被退回" in why[(5, "上级党组织")]
    assert PartyOrganization.objects.count() == 0


def test_a_later_file_dissolves_a_branch_and_an_organization_leaves_a_joint_branch(tmp_path):
    joint = "中共书画联合支部委员会"
    first = filled(tmp_path, "orgs", [
        org(PHOTO_BRANCH, PHOTOGRAPHERS_USCC),
        org(joint, f"{CALLIGRAPHERS_USCC}、云南正言律师事务所；云南明信律师事务所",
            kind="联合党支部", mode="联合组建"),
    ], name="march.xlsx")  # fmt: skip
    assert party_import(first, "orgs").accepted == 2
    branch = PartyOrganization.objects.get(name=joint)
    assert branch.area_code == "530103"  # two of its three lie in 盘龙区

    later = filled(tmp_path, "orgs", [
        org(PHOTO_BRANCH, PHOTOGRAPHERS_USCC, 撤销日期="2016年8月31日"),
        org(joint, f"{CALLIGRAPHERS_USCC}、云南正言律师事务所（至2016.8.31）",
            kind="联合党支部", mode="联合组建"),
    ], name="september.xlsx")  # fmt: skip
    report = party_import(later, "orgs")

    assert (report.accepted, report.rejected) == (2, 0)
    photo = PartyOrganization.objects.get(name=PHOTO_BRANCH)
    assert photo.dissolved_on == dt.date(2016, 8, 31)
    assert not photo.exists_on(dt.date(2016, 9, 1))
    left = PartyCoverage.objects.get(party_org=branch, org_id="KM0000303")
    assert left.left_on == dt.date(2016, 8, 31)
    changes = set(
        PartyChange.objects.filter(batch_id=report.batch_id).values_list(
            "object_type", "object_id", "field", "old", "new"
        )
    )
    assert changes == {
        ("party_org", photo.pk, "dissolved_on", "", "2016-08-31"),
        ("coverage", left.pk, "left_on", "", "2016-08-31"),
    }
    # The firm left out without a date is still counted, and the county is told so.
    still = PartyCoverage.objects.get(party_org=branch, org_id="KM0000302")
    assert still.left_on is None
    assert any("云南明信律师事务所" in m and "仍计为覆盖" in m for _, _, m in report.warnings)
    assert PartyOrganization.objects.count() == 2
    assert PartyCoverage.objects.count() == 4


def test_the_same_file_twice_writes_nothing_and_an_updated_file_does_not_duplicate(tmp_path):
    rows = [org(PHOTO_BRANCH, PHOTOGRAPHERS_USCC)]
    path = filled(tmp_path, "orgs", rows)
    first = party_import(path, "orgs")

    again = party_import(path, "orgs")

    assert again.duplicate_file and again.batch_id is None and again.rows_read == 0
    rows[0]["党组织类别"] = "联合党支部"
    updated = party_import(filled(tmp_path, "orgs", rows, name="updated.xlsx"), "orgs")
    assert (first.accepted, updated.accepted) == (1, 1)
    assert PartyOrganization.objects.get().kind == "joint_branch"
    assert PartyCoverage.objects.count() == 1
    assert list(PartyChange.objects.values_list("field", "old", "new")) == [
        ("kind", "branch", "joint_branch")
    ]


def test_a_file_lacking_a_required_header_is_refused_whole_in_one_line(tmp_path):
    path = write_xlsx(tmp_path / "orgs.xlsx", [
        ["党组织名称", "党组织类别", "上级党组织", "覆盖社会组织", "成立日期"],
        [PHOTO_BRANCH, "党支部", "中共昆明市社会组织综合委员会", PHOTOGRAPHERS_USCC, "2016-03-01"],
    ])  # fmt: skip

    with pytest.raises(PartyError) as raised:
        party_import(path, "orgs")

    assert str(raised.value) == (
        "orgs.xlsx：党组织模板缺少表头 组建方式、撤销日期，整个文件未导入 (missing headers)"
    )
    assert PartyOrganization.objects.count() == 0


def test_headers_in_another_order_below_title_rows_with_spaces(tmp_path):
    path = write_xlsx(tmp_path / "orgs.xlsx", [
        ["五华区党组织情况"],
        ["填报单位：五华区"],
        ["撤销日期", " 成立日期 ", "覆盖社会组织", "上级党组织", "组建方式", "党组织类别",
         "党组织名称"],
        ["", "20160301", PHOTOGRAPHERS_USCC, "中共昆明市社会组织综合委员会", "单建", "支部",
         PHOTO_BRANCH],
    ])  # fmt: skip

    report = party_import(path, "orgs")

    assert report.rejections == []
    branch = PartyOrganization.objects.get()
    assert (branch.kind, branch.mode, branch.founded_on) == (
        "branch",
        "single",
        dt.date(2016, 3, 1),
    )
