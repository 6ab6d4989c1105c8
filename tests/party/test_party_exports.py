"""The party commands: template, import (with --json), export (with an audited
--reveal-ids) and rejects; a bad file is one line, never a traceback."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shezu.accounts.models import AuditEvent
from shezu.party.models import PartyImportBatch, PartyOrganization
from tests.factories import PHOTOGRAPHERS_USCC, write_xlsx
from tests.party.party_import_builders import filled, make_id, register, sheet_rows

pytestmark = pytest.mark.django_db

BRANCH = "中共昆明市摄影家协会支部委员会"
LI = make_id("19850101", "123")


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def orgs_file(tmp_path):
    register()
    return filled(tmp_path, "orgs", [
        {"党组织名称": BRANCH, "党组织类别": "党支部", "组建方式": "单独组建",
         "上级党组织": "中共昆明市社会组织综合委员会", "覆盖社会组织": PHOTOGRAPHERS_USCC,
         "成立日期": "2016-03-01"},
        {"党组织名称": "中共翠湖支部", "党组织类别": "党支部",
         "上级党组织": "中共五华区委社会工作部",
         "覆盖社会组织": "翠湖社区老年协会", "成立日期": "2016-13-01"},
    ])  # fmt: skip


def test_template_writes_an_empty_template(tmp_path):
    out = tmp_path / "members.xlsx"
    printed = run("party_template", "--kind", "members", str(out))
    assert out.exists() and "党员填报模板" in printed
    assert sheet_rows(out) == []


def test_import_prints_a_summary_with_each_rejection(orgs_file):
    printed = run("party_import", str(orgs_file), "--kind", "orgs")

    lines = printed.splitlines()
    assert lines[0] == "orgs.xlsx: 读取 2 行，写入 1 行，退回 1 行，无变化 0 行"
    assert any(line.startswith("  退回 第4行 「成立日期」：成立日期：日期不存在") for line in lines)
    assert any("「覆盖社会组织」：「翠湖社区老年协会」对应多个社会组织" in line for line in lines)
    batch = PartyImportBatch.objects.get()
    assert f"shezu party rejects {batch.pk} OUT.xlsx" in printed
    assert lines[-1].startswith("数据库 database:") or "数据库 database:" in printed


def test_import_json_is_one_object_with_the_batch_and_counts(orgs_file):
    report = json.loads(run("party_import", str(orgs_file), "--kind", "orgs", "--json"))
    again = json.loads(run("party_import", str(orgs_file), "--kind", "orgs", "--json"))

    assert {"batch_id", "rows_read", "accepted", "rejected", "duplicate_file"} <= set(report)
    assert (report["rows_read"], report["accepted"], report["rejected"]) == (2, 1, 1)
    assert report["batch_id"] == PartyImportBatch.objects.get().pk
    assert report["duplicate_file"] is False and again["duplicate_file"] is True
    assert report["rejections"][0][:2] == [4, "成立日期"]


def test_a_file_missing_a_header_is_one_line(tmp_path):
    path = write_xlsx(
        tmp_path / "members.xlsx", [["姓名", "性别", "公民身份号码"], ["李明", "男", LI]]
    )

    with pytest.raises(CommandError) as raised:
        run("party_import", str(path), "--kind", "members")

    message = str(raised.value)
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith("members.xlsx：党员模板缺少表头 出生日期、入党日期、人员类别")
    with pytest.raises(CommandError, match="文件不存在"):
        run("party_import", str(tmp_path / "none.xlsx"), "--kind", "orgs")


def test_rejects_go_back_to_the_county_and_import_once_corrected(orgs_file, tmp_path):
    run("party_import", str(orgs_file), "--kind", "orgs")
    batch = PartyImportBatch.objects.get()
    out = tmp_path / "rejects.xlsx"

    printed = run("party_rejects", str(batch.pk), str(out))

    assert "退回 1 行" in printed
    [row] = sheet_rows(out)
    assert row["党组织名称"] == "中共翠湖支部" and row["原行号"] == "4"
    assert "成立日期：成立日期：日期不存在" in row["退回原因"]
    with pytest.raises(CommandError, match="没有编号为 999 的党建数据导入批次"):
        run("party_rejects", "999", str(out))


def test_export_by_area_and_revealing_ids_is_audited(orgs_file, tmp_path):
    run("party_import", str(orgs_file), "--kind", "orgs")
    members = filled(tmp_path, "members", [
        {"姓名": "李明", "性别": "男", "公民身份号码": LI, "入党日期": "2005-07-01",
         "人员类别": "正式党员", "所在党组织": BRANCH, "工作单位": "昆明市摄影家协会"},
    ])  # fmt: skip
    run("party_import", str(members), "--kind", "members")
    masked, revealed = tmp_path / "masked.xlsx", tmp_path / "revealed.xlsx"

    run("party_export", "--kind", "members", str(masked), "--area", "530102")
    assert not AuditEvent.objects.filter(action="export").exists()
    run("party_export", "--kind", "members", str(revealed), "--reveal-ids")

    assert sheet_rows(masked)[0]["公民身份号码"] == LI[:6] + "********" + LI[-4:]
    assert sheet_rows(revealed)[0]["公民身份号码"] == LI
    event = AuditEvent.objects.get(action="export")
    assert event.object_type == "party_members" and event.username.startswith("cli:")
    assert LI not in json.dumps(event.detail, ensure_ascii=False)
    empty = tmp_path / "panlong.xlsx"
    assert "党组织 0 行" in run("party_export", "--kind", "orgs", str(empty), "--area", "530103")
    assert PartyOrganization.objects.get().area_code == "530102"


def test_a_masked_id_number_is_refused_asking_for_the_whole_number(orgs_file, tmp_path):
    run("party_import", str(orgs_file), "--kind", "orgs")
    path = filled(tmp_path, "members", [
        {"姓名": "李明", "性别": "男", "公民身份号码": LI[:6] + "********" + LI[-4:],
         "入党日期": "2005-07-01", "人员类别": "正式党员", "所在党组织": BRANCH,
         "工作单位": "昆明市摄影家协会"},
    ])  # fmt: skip
    report = json.loads(run("party_import", str(path), "--kind", "members", "--json"))
    assert report["rejections"] == [
        [3, "公民身份号码", "公民身份号码是隐去部分数字的，请填写完整号码"]
    ]
