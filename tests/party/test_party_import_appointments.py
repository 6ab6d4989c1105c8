"""Importing secretaries (书记), instructors (党建指导员) and activities (组织生活)."""

import datetime as dt

import pytest

from shezu.party.models import Activity, Instructor, PartyChange, SecretaryAppointment
from shezu.party.services import party_import
from tests.factories import PHOTOGRAPHERS_USCC
from tests.party.party_import_builders import filled, make_id, register

pytestmark = pytest.mark.django_db

BRANCH = "中共昆明市摄影家协会支部委员会"


@pytest.fixture(autouse=True)
def branch(tmp_path):
    register()
    party_import(filled(tmp_path, "orgs", [{
        "党组织名称": BRANCH, "党组织类别": "党支部", "组建方式": "单独组建",
        "上级党组织": "中共昆明市社会组织综合委员会", "覆盖社会组织": PHOTOGRAPHERS_USCC,
        "成立日期": "2016-03-01",
    }], name="orgs.xlsx"), "orgs")  # fmt: skip
    party_import(filled(tmp_path, "members", [
        {"姓名": name, "性别": "男", "公民身份号码": make_id("19850101", serial),
         "入党日期": "2005-07-01", "人员类别": "正式党员", "所在党组织": BRANCH,
         "工作单位": PHOTOGRAPHERS_USCC}
        for name, serial in (("李明", "123"), ("张伟", "135"), ("张伟", "157"))
    ], name="members.xlsx"), "members")  # fmt: skip


def reasons(report):
    return {(row, column): message for row, column, message in report.rejections}


def test_secretaries_link_the_member_of_that_name_when_there_is_one(tmp_path):
    report = party_import(filled(tmp_path, "secretaries", [
        {"党组织名称": "昆明市摄影家协会党支部", "姓名": "李明", "来源": "社会组织负责人",
         "职务": "书记", "任职日期": "2016-03-01"},
        {"党组织名称": BRANCH, "姓名": "张伟", "来源": "退休党员干部", "职务": "第一书记",
         "任职日期": "2016.4.1"},
        {"党组织名称": "中共不存在支部", "姓名": "王五", "来源": "上级选派",
         "任职日期": "2016-04-01"},
        {"党组织名称": BRANCH, "姓名": "赵六", "来源": "朋友介绍", "任职日期": ""},
    ]), "secretaries")  # fmt: skip

    assert report.accepted == 2
    why = reasons(report)
    assert why[(5, "党组织名称")].startswith("没有名为「中共不存在支部」的党组织")
    assert why[(6, "来源")].startswith("来源应为 社会组织负责人、")
    assert why[(6, "任职日期")] == "未填写任职日期"
    li = SecretaryAppointment.objects.get(name="李明")
    assert li.member.name == "李明" and li.title == "secretary" and li.channel == "org_head"
    zhang = SecretaryAppointment.objects.get(name="张伟")  # two members of that name
    assert (zhang.member, zhang.channel, zhang.title) == (None, "retired_cadre", "first_secretary")


def test_a_later_file_ends_an_appointment_without_a_second_one(tmp_path):
    row = {"党组织名称": BRANCH, "姓名": "李明", "来源": "社会组织负责人", "职务": "书记",
           "任职日期": "2016-03-01"}  # fmt: skip
    party_import(filled(tmp_path, "secretaries", [row], name="a.xlsx"), "secretaries")

    report = party_import(
        filled(tmp_path, "secretaries", [{**row, "离任日期": "2016-09-30"}], name="b.xlsx"),
        "secretaries",
    )

    appointment = SecretaryAppointment.objects.get()
    assert report.accepted == 1 and appointment.ended_on == dt.date(2016, 9, 30)
    assert list(PartyChange.objects.values_list("object_type", "field", "new")) == [
        ("secretary", "ended_on", "2016-09-30")
    ]


def test_instructors_are_sent_to_organizations_of_the_register(tmp_path):
    report = party_import(filled(tmp_path, "instructors", [
        {"社会组织": "云南明信律师事务所", "姓名": "孙丽", "来源": "上级选派",
         "选派日期": "2016-05-01"},
        {"社会组织": "翠湖社区老年协会", "姓名": "钱进", "选派日期": "2016-05-01"},
        {"社会组织": "云南正言律师事务所", "姓名": "周全", "选派日期": "2016-05-01",
         "撤回日期": "2016-04-01"},
    ]), "instructors")  # fmt: skip

    why = reasons(report)
    assert "翠湖社区老年协会（KM0000304）、翠湖社区老年协会（KM0000305）" in why[(4, "社会组织")]
    assert why[(5, "撤回日期")] == "撤回日期早于选派日期"
    instructor = Instructor.objects.get()
    assert (instructor.org_id, instructor.channel) == ("KM0000302", "dispatched")


def test_activities_with_more_present_than_expected_are_rejected(tmp_path):
    report = party_import(filled(tmp_path, "activities", [
        {"党组织名称": BRANCH, "活动类型": "支部党员大会", "日期": "2016-06-30",
         "主题": "两学一做", "应到人数": 3, "实到人数": "3"},
        {"党组织名称": BRANCH, "活动类型": "主题党日活动", "日期": 20160701, "主题": "建党95周年",
         "应到人数": "3", "实到人数": "4"},
        {"党组织名称": BRANCH, "活动类型": "茶话会", "日期": "2016-07-02"},
    ]), "activities")  # fmt: skip

    why = reasons(report)
    assert why[(4, "实到人数")] == "实到人数 4 多于应到人数 3"
    assert why[(5, "活动类型")].startswith("活动类型应为 支部党员大会、")
    activity = Activity.objects.get()
    assert (activity.kind, activity.held_on, activity.expected, activity.attended) == (
        "members_meeting", dt.date(2016, 6, 30), 3, 3
    )  # fmt: skip
