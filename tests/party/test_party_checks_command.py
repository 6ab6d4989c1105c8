"""`shezu party checks`: the Party-rule checks of an area as text and as a workbook."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from shezu import personal
from shezu.party.models import PartyOrganization
from tests.factories import OrganizationFactory
from tests.party_factories import PANLONG, member, members, party_org, secretary

pytestmark = pytest.mark.django_db

DATABASE_LINE = "数据库 database: "


@pytest.fixture(autouse=True)
def data_key():
    personal.keys_reset()
    with override_settings(DATA_KEY="d4" * 32):
        yield
    personal.keys_reset()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("party_checks", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def kunming() -> PartyOrganization:
    """In 五华区 a branch of two full members whose term ran out and whose secretary is
    probationary, and a lawyers' association with three full members on its staff and no
    branch; in 盘龙区 a joint branch covering six organizations."""
    small = party_org("昆明市摄影家协会党支部", elected_on=dt.date(2013, 6, 1), term_years=3)
    members(small, 2)
    secretary(small, "李华", member("李华", small, category="probationary"))
    OrganizationFactory(org_id="KM0000500", name="五华区律师协会")
    members(None, 3, employer_org_id="KM0000500")
    joint = party_org("盘龙区社会组织联合党支部", kind="joint_branch", mode="joint", area=PANLONG)
    members(joint, 4)
    for number in range(6):
        joint.coverages.create(org_id=f"KM000080{number}")
    return small


def test_text_counts_by_rule_then_one_line_per_finding(kunming):
    printed = run("--area", "530102", "--on", "2016年10月31日")

    lines = printed.splitlines()
    assert lines[0] == "党建规则检查 · 五华区（530102）· 截至 2016-10-31 · 共 4 条"
    assert lines[1:12] == [
        "  正式党员不足3名（不符合）：1",
        "  应设支委会未设（需关注）：0",
        "  党总支党员不足50名（需关注）：0",
        "  党委党员不足100名（需关注）：0",
        "  党支部党员超过50名（需关注）：0",
        "  联合党支部覆盖超过5个单位（需关注）：0",
        "  届满未换届（需关注）：1",
        "  即将届满（提示）：0",
        "  书记不是正式党员（不符合）：1",
        "  书记不在党员名册（提示）：0",
        "  应建未建（不符合）：1",
    ]
    assert lines[12:16] == [
        "「正式党员不足3名」昆明市摄影家协会党支部：正式党员 2 名，党支部至少需 3 名"
        "（预备党员不计）",
        "「届满未换届」昆明市摄影家协会党支部：本届 2013-06-01 选举，2016-06-01 届满，"
        "已超期 152 天未换届",
        "「书记不是正式党员」昆明市摄影家协会党支部：书记李华在 2016-10-31 不是正式党员",
        "「应建未建」KM0000500 五华区律师协会：从业人员中有正式党员 3 名，尚未单独建立党组织",
    ]
    assert lines[16].startswith(DATABASE_LINE)
    assert len(lines) == 17


def test_the_city_is_the_default_area_and_today_the_default_date(kunming):
    printed = run()
    today = timezone.localdate().isoformat()
    assert printed.splitlines()[0] == f"党建规则检查 · 昆明市（530100）· 截至 {today} · 共 5 条"
    assert "「联合党支部覆盖超过5个单位」盘龙区社会组织联合党支部：覆盖 6 个单位" in printed


def test_a_clean_area_says_so():
    printed = run("--area", "530103", "--on", "2016-10-31")
    assert "共 0 条" in printed.splitlines()[0]
    assert "未发现问题" in printed.splitlines()


def test_xlsx_has_the_findings_sheet_and_a_summary(kunming, tmp_path):
    out = tmp_path / "检查结果.xlsx"

    printed = run("--area", "530102", "--on", "2016-10-31", "--format", "xlsx", "--out", str(out))

    first, database = printed.splitlines()
    assert first == (
        "党建规则检查 · 五华区（530102）· 截至 2016-10-31：4 条（正式党员不足3名 1，"
        f"届满未换届 1，书记不是正式党员 1，应建未建 1） → {out}"
    )
    assert database.startswith(DATABASE_LINE)
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["汇总", "检查结果"]
    sheet = workbook["检查结果"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["检查项", "程度", "对象类型", "编号", "名称", "说明", "规则代码"],
        [
            "正式党员不足3名",
            "不符合",
            "党组织",
            str(kunming.pk),
            "昆明市摄影家协会党支部",
            "正式党员 2 名，党支部至少需 3 名（预备党员不计）",
            "branch_under_three",
        ],
        [
            "届满未换届",
            "需关注",
            "党组织",
            str(kunming.pk),
            "昆明市摄影家协会党支部",
            "本届 2013-06-01 选举，2016-06-01 届满，已超期 152 天未换届",
            "term_overdue",
        ],
        [
            "书记不是正式党员",
            "不符合",
            "党组织",
            str(kunming.pk),
            "昆明市摄影家协会党支部",
            "书记李华在 2016-10-31 不是正式党员",
            "secretary_not_full_member",
        ],
        [
            "应建未建",
            "不符合",
            "社会组织",
            "KM0000500",
            "五华区律师协会",
            "从业人员中有正式党员 3 名，尚未单独建立党组织",
            "should_build",
        ],
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G5"
    assert sheet.column_dimensions["E"].width > 30
    summary = [list(row) for row in workbook["汇总"].iter_rows(values_only=True)]
    assert summary[0][0] == "党建规则检查 · 五华区（530102）· 截至 2016-10-31 · 共 4 条"
    assert summary[2] == ["检查项", "程度", "条数", "依据"]
    counts = {row[0]: row[2] for row in summary[3:]}
    assert counts == {
        "正式党员不足3名": 1,
        "应设支委会未设": 0,
        "党总支党员不足50名": 0,
        "党委党员不足100名": 0,
        "党支部党员超过50名": 0,
        "联合党支部覆盖超过5个单位": 0,
        "届满未换届": 1,
        "即将届满": 0,
        "书记不是正式党员": 1,
        "书记不在党员名册": 0,
        "应建未建": 1,
        "合计": 4,
    }


def test_text_can_go_to_a_file(kunming, tmp_path):
    out = tmp_path / "检查结果.txt"
    printed = run("--area", "530102", "--on", "2016-10-31", "--out", str(out))
    assert printed.splitlines()[0] == f"党建规则检查 4 条 → {out}"
    assert out.read_text(encoding="utf-8").startswith("党建规则检查 · 五华区（530102）")


def test_an_unknown_area_is_one_line():
    with pytest.raises(CommandError) as refused:
        run("--area", "530199")
    assert str(refused.value) == (
        "Error: argument --area: 「530199」不是昆明市的辖区代码，应为 530100、区县的 6 位或"
        "乡镇街道的 9 位代码 (unknown area code)"
    )


def test_xlsx_needs_an_output_file():
    with pytest.raises(CommandError, match="--format xlsx 须同时给出 --out 文件"):
        run("--format", "xlsx")


def test_a_bad_date_or_folder_is_refused(tmp_path):
    with pytest.raises(CommandError, match="不是完整的日期"):
        run("--on", "2016-13-01")
    with pytest.raises(CommandError, match="不存在"):
        run("--format", "xlsx", "--out", str(tmp_path / "nowhere" / "x.xlsx"))
