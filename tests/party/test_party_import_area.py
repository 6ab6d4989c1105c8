"""A county's import is confined to its county (`party_import(area_code=…)`): a row about
another county's social organizations or Party organizations is rejected, the rest kept;
the city, or no area (the CLI), imports anything."""

import pytest

from shezu.affiliation.models import ResponsibleBody
from shezu.party.models import Activity, Instructor, Member, PartyOrganization
from shezu.party.services import party_import
from tests.factories import PHOTOGRAPHERS_USCC
from tests.party.party_import_builders import CALLIGRAPHERS_USCC, PANLONG, filled, make_id, register

pytestmark = pytest.mark.django_db

WUHUA = "530102"
WUHUA_BRANCH = "中共昆明市摄影家协会支部委员会"
PANLONG_BRANCH = "中共盘龙区书法家协会支部委员会"


@pytest.fixture(autouse=True)
def branches(tmp_path):
    """Given a 五华区 branch and a 盘龙区 branch, imported city-wide."""
    register()
    party_import(filled(tmp_path, "orgs", [
        {"党组织名称": WUHUA_BRANCH, "党组织类别": "党支部",
         "上级党组织": "中共昆明市社会组织综合委员会", "覆盖社会组织": PHOTOGRAPHERS_USCC,
         "成立日期": "2016-03-01"},
        {"党组织名称": PANLONG_BRANCH, "党组织类别": "党支部",
         "上级党组织": "中共昆明市社会组织综合委员会", "覆盖社会组织": "盘龙区书法家协会",
         "成立日期": "2016-03-01"},
    ], name="setup_orgs.xlsx"), "orgs")  # fmt: skip
    assert PartyOrganization.objects.get(name=PANLONG_BRANCH).area_code == PANLONG


def reasons(report):
    return {(row, column): message for row, column, message in report.rejections}


def test_an_orgs_row_covering_any_organization_of_another_county_is_rejected(tmp_path):
    report = party_import(filled(tmp_path, "orgs", [
        {"党组织名称": "中共五华区书法家联合支部委员会", "党组织类别": "联合党支部",
         "上级党组织": "中共昆明市社会组织综合委员会",
         "覆盖社会组织": f"{CALLIGRAPHERS_USCC}；盘龙区书法家协会", "成立日期": "2016-05-01"},
        {"党组织名称": "中共五华区书法家协会支部委员会", "党组织类别": "党支部",
         "上级党组织": "中共昆明市社会组织综合委员会", "覆盖社会组织": CALLIGRAPHERS_USCC,
         "成立日期": "2016-05-01"},
        {"党组织名称": PANLONG_BRANCH, "党组织类别": "党支部",
         "上级党组织": "中共昆明市社会组织综合委员会", "覆盖社会组织": "",
         "成立日期": "2016-03-01", "撤销日期": "2016-12-31"},
    ]), "orgs", area_code=WUHUA)  # fmt: skip

    assert (report.accepted, report.rejected) == (1, 2)
    why = reasons(report)
    assert why[(3, "覆盖社会组织")] == "「盘龙区书法家协会」不在您的辖区内"
    assert why[(5, "党组织名称")] == f"「{PANLONG_BRANCH}」不在您的辖区内"
    assert PartyOrganization.objects.get(name=PANLONG_BRANCH).dissolved_on is None
    assert not PartyOrganization.objects.filter(name__contains="联合").exists()


def test_a_new_party_org_under_another_countys_party_org_or_body_is_rejected(tmp_path):
    for code, name in ((PANLONG, "盘龙区社会组织党委"), (WUHUA, "五华区社会组织党委")):
        ResponsibleBody.objects.create(code=code, name=name, kind="county", area_code=code)

    report = party_import(filled(tmp_path, "orgs", [
        {"党组织名称": "中共盘龙区书法家协会第二支部委员会", "党组织类别": "党支部",
         "上级党组织": PANLONG_BRANCH, "覆盖社会组织": "", "成立日期": "2016-05-01"},
        {"党组织名称": "中共某协会支部委员会", "党组织类别": "党支部",
         "上级党组织": "盘龙区社会组织党委", "覆盖社会组织": "", "成立日期": "2016-05-01"},
        {"党组织名称": "中共五华区某协会支部委员会", "党组织类别": "党支部",
         "上级党组织": "五华区社会组织党委", "覆盖社会组织": "", "成立日期": "2016-05-01"},
    ]), "orgs", area_code=WUHUA)  # fmt: skip

    assert reasons(report) == {
        (3, "上级党组织"): f"「{PANLONG_BRANCH}」不在您的辖区内",
        (4, "上级党组织"): "「盘龙区社会组织党委」不在您的辖区内",
    }
    assert PartyOrganization.objects.get(name="中共五华区某协会支部委员会").area_code == WUHUA


def test_a_member_employed_or_organized_in_another_county_is_rejected(tmp_path):
    report = party_import(filled(tmp_path, "members", [
        {"姓名": "李明", "性别": "男", "公民身份号码": make_id("19850101", "123"),
         "入党日期": "2005-07-01", "人员类别": "正式党员", "所在党组织": WUHUA_BRANCH,
         "工作单位": PHOTOGRAPHERS_USCC},
        {"姓名": "王芳", "性别": "女", "公民身份号码": make_id("19860101", "124"),
         "入党日期": "2006-07-01", "人员类别": "正式党员", "所在党组织": PANLONG_BRANCH},
        {"姓名": "赵六", "性别": "男", "公民身份号码": make_id("19870101", "135"),
         "入党日期": "2007-07-01", "人员类别": "正式党员", "工作单位": "盘龙区书法家协会"},
    ]), "members", area_code=WUHUA)  # fmt: skip

    assert (report.accepted, report.rejected) == (1, 2)
    why = reasons(report)
    assert why[(4, "所在党组织")] == f"「{PANLONG_BRANCH}」不在您的辖区内"
    assert why[(5, "工作单位")] == "「盘龙区书法家协会」不在您的辖区内"
    assert list(Member.objects.values_list("name", flat=True)) == ["李明"]


def test_secretaries_of_another_countys_branch_are_rejected(tmp_path):
    report = party_import(filled(tmp_path, "secretaries", [
        {"党组织名称": WUHUA_BRANCH, "姓名": "李明", "来源": "社会组织负责人", "职务": "书记",
         "任职日期": "2016-03-01"},
        {"党组织名称": "盘龙区书法家协会党支部", "姓名": "王芳", "来源": "社会组织负责人",
         "职务": "书记", "任职日期": "2016-03-01"},
    ]), "secretaries", area_code=WUHUA)  # fmt: skip

    assert (report.accepted, report.rejected) == (1, 1)
    assert reasons(report) == {(4, "党组织名称"): f"「{PANLONG_BRANCH}」不在您的辖区内"}


def test_an_instructor_sent_to_another_countys_organization_is_rejected(tmp_path):
    report = party_import(filled(tmp_path, "instructors", [
        {"社会组织": CALLIGRAPHERS_USCC, "姓名": "李明", "来源": "上级选派",
         "选派日期": "2016-05-01"},
        {"社会组织": "盘龙区书法家协会", "姓名": "王芳", "来源": "上级选派",
         "选派日期": "2016-05-01"},
    ]), "instructors", area_code=WUHUA)  # fmt: skip

    assert (report.accepted, report.rejected) == (1, 1)
    assert reasons(report) == {(4, "社会组织"): "「盘龙区书法家协会」不在您的辖区内"}
    assert list(Instructor.objects.values_list("name", flat=True)) == ["李明"]


def test_activities_of_another_countys_branch_are_rejected(tmp_path):
    report = party_import(filled(tmp_path, "activities", [
        {"党组织名称": WUHUA_BRANCH, "活动类型": "支部党员大会", "日期": "2016-06-01",
         "主题": "学习"},
        {"党组织名称": PANLONG_BRANCH, "活动类型": "支部党员大会", "日期": "2016-06-01",
         "主题": "学习"},
    ]), "activities", area_code=WUHUA)  # fmt: skip

    assert (report.accepted, report.rejected) == (1, 1)
    assert reasons(report) == {(4, "党组织名称"): f"「{PANLONG_BRANCH}」不在您的辖区内"}
    assert Activity.objects.count() == 1


@pytest.mark.parametrize("area_code", [None, "530100"])
def test_the_city_or_no_area_imports_every_county(tmp_path, area_code):
    report = party_import(filled(tmp_path, "instructors", [
        {"社会组织": "盘龙区书法家协会", "姓名": "王芳", "来源": "上级选派",
         "选派日期": "2016-05-01"},
    ]), "instructors", area_code=area_code)  # fmt: skip

    assert (report.accepted, report.rejected) == (1, 0)
