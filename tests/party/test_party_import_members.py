"""Importing the member template (党员): ID numbers checked and sealed, birth dates held
against them, relationships held here or elsewhere, transfers as history."""

import datetime as dt
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

from shezu.party.exports import rejects_write
from shezu.party.models import Member, PartyChange, PartyRejectedRow
from shezu.party.services import party_import
from shezu.personal import lookup_hash
from tests.factories import PHOTOGRAPHERS_USCC
from tests.party.party_import_builders import (
    CALLIGRAPHERS_USCC,
    filled,
    make_id,
    register,
    sheet_rows,
)

BRANCH = "中共昆明市摄影家协会支部委员会"
# python-stdnum holds 五华区 (530102) valid from 1983 only: see the report of this branch.
LI = make_id("19850101", "123")  # odd serial: a man
WANG = make_id("19860615", "208", area="530103")  # even: a woman; ends in X
ZHAO = make_id("19900202", "111")
ELDER = make_id("19400310", "135", area="110105")


@pytest.fixture
def branch(tmp_path):
    register()
    path = filled(tmp_path, "orgs", [{
        "党组织名称": BRANCH, "党组织类别": "党支部", "组建方式": "单独组建",
        "上级党组织": "中共昆明市社会组织综合委员会", "覆盖社会组织": PHOTOGRAPHERS_USCC,
        "成立日期": "2016-03-01",
    }], name="orgs.xlsx")  # fmt: skip
    assert party_import(path, "orgs").rejected == 0


def member(name, number, **more):
    row = {
        "姓名": name,
        "性别": more.pop("sex", "男"),
        "公民身份号码": number,
        "入党日期": more.pop("joined", "2005-07-01"),
        "人员类别": more.pop("category", "正式党员"),
        "所在党组织": more.pop("org", BRANCH),
        "工作单位": more.pop("employer", "昆明市摄影家协会"),
    }
    row.update(more)
    return row


def reasons(report):
    return {(row, column): message for row, column, message in report.rejections}


@pytest.mark.django_db
def test_members_are_stored_sealed_and_found_by_hash(tmp_path, branch):
    path = filled(tmp_path, "members", [
        member("李明", LI, 出生日期="1985-01-01"),
        member("王芳", WANG[:-1] + WANG[-1].lower(), sex="女", category="预备党员",
               转正日期="2016-07-01"),
        member("陈老", ELDER, 出生日期="1940年3月10日"),  # born before 1949
    ])  # fmt: skip

    report = party_import(path, "members")

    assert report.rejections == []
    li = Member.objects.get(id_hash=lookup_hash(LI))
    assert (li.name, li.sex, li.birth_date) == ("李明", "male", dt.date(1985, 1, 1))
    assert li.id_masked == LI[:6] + "********" + LI[-4:]
    assert LI not in li.id_sealed
    assert li.party_org.name == BRANCH and li.employer_org_id == "KM0000123"
    assert WANG.endswith("X")  # written with a lower-case x, found as X
    wang = Member.objects.get(id_hash=lookup_hash(WANG))
    assert wang.category == "probationary" and wang.is_full_on(dt.date(2016, 7, 1))
    assert Member.objects.get(name="陈老").birth_date == dt.date(1940, 3, 10)


@pytest.mark.django_db
def test_a_bad_id_number_or_a_birth_date_against_it_rejects_the_row(tmp_path, branch):
    bad_check = LI[:-1] + ("0" if LI[-1] != "0" else "1")
    path = filled(tmp_path, "members", [
        member("李明", bad_check),
        member("赵刚", ZHAO, 出生日期="1990-02-03"),
        member("钱多", "53010219850101"),
    ])  # fmt: skip

    report = party_import(path, "members")

    assert reasons(report) == {
        (3, "公民身份号码"): "公民身份号码校验位不符",
        (4, "出生日期"): "出生日期 1990-02-03 与公民身份号码中的出生日期不符",
        (5, "公民身份号码"): "公民身份号码应为 18 位",
    }
    assert Member.objects.count() == 0
    everything = " ".join(str(m) for m in report.rejections + report.warnings)
    assert bad_check not in everything and ZHAO not in everything


@pytest.mark.django_db
def test_relationship_held_here_elsewhere_or_nowhere_known(tmp_path, branch):
    path = filled(tmp_path, "members", [
        member("李明", LI, org="", employer=CALLIGRAPHERS_USCC, 组织关系所在单位="五华区委组织部"),
        member("王芳", WANG, sex="女", org="", employer="昆明市不存在协会"),
        member("赵刚", ZHAO, org="中共昆明市不存在协会支部委员会"),
        member("陈老", ELDER, employer="昆明市不存在协会"),
        member("周到", make_id("19850505", "357"), org="摄影家协会党支部"),  # without region
    ])  # fmt: skip

    report = party_import(path, "members")

    why = reasons(report)
    assert "名录中没有名为「昆明市不存在协会」的社会组织" in why[(4, "工作单位")]
    assert why[(5, "所在党组织")].startswith("没有名为「中共昆明市不存在协会支部委员会」的党组织")
    assert why[(5, "所在党组织")].endswith("组织关系不在本系统的党员此栏留空")
    assert report.accepted == 3
    li = Member.objects.get(name="李明")
    assert (li.party_org, li.employer_org_id, li.relationship_elsewhere) == (
        None, "KM0000300", "五华区委组织部"
    )  # fmt: skip
    elder = Member.objects.get(name="陈老")
    assert (elder.employer_org_id, elder.employer_name) == ("", "昆明市不存在协会")
    assert any(row == 6 and column == "工作单位" for row, column, _ in report.warnings)
    assert Member.objects.get(name="周到").party_org.name == BRANCH


@pytest.mark.django_db
def test_a_later_file_transfers_a_member_out_with_history_and_no_id_in_it(tmp_path, branch):
    party_import(filled(tmp_path, "members", [member("李明", LI), member("王芳", WANG, sex="女")],
                        name="march.xlsx"), "members")  # fmt: skip

    report = party_import(filled(tmp_path, "members", [
        member("李明", LI, 转出日期="2016/8/31"),
        member("王芳", WANG, sex="女"),
    ], name="september.xlsx"), "members")  # fmt: skip

    assert (report.accepted, report.skipped, report.rejected) == (1, 1, 0)
    li = Member.objects.get(name="李明")
    assert li.transfer_out_on == dt.date(2016, 8, 31) and not li.held_on(dt.date(2016, 9, 1))
    changes = PartyChange.objects.values_list("object_type", "object_id", "field", "old", "new")
    assert list(changes) == [("member", li.pk, "transfer_out_on", "", "2016-08-31")]
    assert Member.objects.count() == 2


@pytest.mark.django_db
def test_rejected_rows_keep_the_id_sealed_and_export_masked_unless_revealed(tmp_path, branch):
    path = filled(tmp_path, "members", [member("赵刚", ZHAO, 出生日期="1990-02-03")])
    report = party_import(path, "members")
    stored = PartyRejectedRow.objects.get()
    assert ZHAO not in str(stored.cells) and stored.cells["公民身份号码"].startswith("sm4gcm:")

    masked, revealed = tmp_path / "masked.xlsx", tmp_path / "revealed.xlsx"
    assert rejects_write(report.batch_id, masked, reveal_ids=False) == 1
    rejects_write(report.batch_id, revealed, reveal_ids=True)

    [row] = sheet_rows(masked)
    assert row["公民身份号码"] == ZHAO[:6] + "********" + ZHAO[-4:]
    assert row["退回原因"].startswith("出生日期：出生日期 1990-02-03 与") and row["原行号"] == "3"
    assert sheet_rows(revealed)[0]["公民身份号码"] == ZHAO


@pytest.mark.django_db(transaction=True)
def test_no_plaintext_id_number_is_anywhere_in_the_database(tmp_path, branch):
    numbers = [LI, WANG, ZHAO, ELDER]
    bad = LI[:-1] + ("0" if LI[-1] != "0" else "1")
    party_import(filled(tmp_path, "members", [
        member("李明", LI), member("王芳", WANG, sex="女"),
        member("赵刚", ZHAO, 出生日期="1990-02-03"),  # rejected
        member("钱多", bad),  # rejected
        member("陈老", ELDER, 转出日期="2016-08-31"),
    ], name="march.xlsx"), "members")  # fmt: skip
    party_import(filled(tmp_path, "members", [member("陈老", ELDER)], name="april.xlsx"),
                 "members")  # fmt: skip

    for model in [*apps.get_app_config("party").get_models(),
                  *apps.get_app_config("census").get_models()]:  # fmt: skip
        for row in model.objects.values_list():
            text = " ".join(str(value) for value in row)
            assert not any(number in text for number in [*numbers, bad]), model.__name__
    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        files = [name, name.with_name(name.name + "-wal"), name.with_name(name.name + "-journal")]
        data = b"".join(path.read_bytes() for path in files if path.exists())
        assert Member.objects.get(name="李明").id_masked.encode() in data  # the data is there
        for number in [*numbers, bad]:
            assert number.encode() not in data
