"""The fixed templates: what an empty one holds, and the round trip template → filled →
import → export → import again, which changes nothing."""

import openpyxl
import pytest

from shezu.party.exports import records_export
from shezu.party.models import PartyChange, TemplateKind
from shezu.party.services import party_import
from shezu.party.templates import OPTIONAL, REQUIRED, columns_of, template_write
from tests.factories import PHOTOGRAPHERS_USCC
from tests.party.party_import_builders import (
    CALLIGRAPHERS_USCC,
    LAW_FIRM_USCC,
    filled,
    make_id,
    register,
    sheet_rows,
)


@pytest.mark.parametrize("kind", TemplateKind.values)
def test_an_empty_template_has_its_header_instructions_drop_downs_and_text_columns(tmp_path, kind):
    path = tmp_path / f"{kind}.xlsx"

    template_write(kind, path)

    workbook = openpyxl.load_workbook(path)
    data, notes = workbook.worksheets
    assert [cell.value for cell in data[2]] == list(columns_of(kind))
    assert notes.title == "填写说明"
    instructions = "\n".join(str(row[0]) for row in notes.iter_rows(values_only=True) if row[0])
    assert "必填列：" + "、".join(REQUIRED[kind]) in instructions
    assert all(column in instructions for column in OPTIONAL[kind])
    assert data.data_validations.dataValidation  # the drop-downs
    columns = data.column_dimensions.values()  # openpyxl groups alike columns
    assert sum(d.max - d.min + 1 for d in columns) == len(columns_of(kind))
    assert all(d.number_format == "@" for d in columns)  # text: IDs, codes, dates as typed


def test_the_members_template_lists_the_categories_and_keeps_the_id_as_text(tmp_path):
    path = tmp_path / "members.xlsx"
    template_write("members", path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["F3"] == '"正式党员,预备党员"'
    assert sheet.column_dimensions["C"].width >= 20  # 公民身份号码


BRANCH = "中共昆明市摄影家协会支部委员会"
JOINT = "中共书画律师联合支部委员会"


def county_fills(tmp_path):
    """The five templates as a county fills them, with every optional column."""
    return {
        "orgs": [
            {"党组织名称": "中共昆明市文艺界委员会", "党组织类别": "党委", "组建方式": "联合组建",
             "上级党组织": "中共昆明市社会组织综合委员会", "成立日期": "2015-01-01",
             "是否设委员会": "是", "本届选举日期": "2015-01-01", "任期年限": 5},
            {"党组织名称": BRANCH, "党组织类别": "党支部", "组建方式": "单独组建",
             "上级党组织": "中共昆明市文艺界委员会", "覆盖社会组织": "昆明市摄影家协会",
             "成立日期": "2016-03-01", "是否设委员会": "否"},
            {"党组织名称": JOINT, "党组织类别": "联合党支部", "组建方式": "联合组建",
             "上级党组织": "中共五华区社会组织工作委员会",
             "覆盖社会组织": f"{CALLIGRAPHERS_USCC}、云南正言律师事务所（2016-05-01起）；"
                           "云南明信律师事务所（2016-03-01至2016-08-31）",
             "成立日期": "2016-03-01", "撤销日期": "2016-12-31"},
        ],
        "members": [
            {"姓名": "李明", "性别": "男", "公民身份号码": make_id("19850101", "123"),
             "出生日期": "1985-01-01", "入党日期": "2005-07-01", "人员类别": "正式党员",
             "所在党组织": BRANCH, "工作单位": PHOTOGRAPHERS_USCC, "转入日期": "2016-03-01"},
            {"姓名": "王芳", "性别": "女", "公民身份号码": make_id("19860615", "246"),
             "入党日期": "2015-07-01", "人员类别": "预备党员", "所在党组织": BRANCH,
             "工作单位": "昆明市摄影家协会", "转正日期": "2016-07-01", "转出日期": "2016-10-01"},
            {"姓名": "周到", "性别": "男", "公民身份号码": make_id("19900505", "357"),
             "入党日期": "2012-07-01", "人员类别": "正式党员", "工作单位": "五华区书法家协会",
             "组织关系所在单位": "五华区委组织部"},
        ],
        "secretaries": [
            {"党组织名称": BRANCH, "姓名": "李明", "来源": "社会组织负责人", "职务": "书记",
             "任职日期": "2016-03-01", "离任日期": "2016-09-30"},
            {"党组织名称": JOINT, "姓名": "陈老", "来源": "退休干部", "职务": "第一书记",
             "任职日期": "2016-03-01"},
        ],
        "instructors": [
            {"社会组织": "盘龙区书法家协会", "姓名": "孙丽", "来源": "上级选派",
             "选派日期": "2016-05-01", "撤回日期": "2016-11-30"},
            {"社会组织": "翠湖社区老年协会（华山）", "姓名": "钱进", "选派日期": "2016-05-01"},
        ],
        "activities": [
            {"党组织名称": BRANCH, "活动类型": "支部党员大会", "日期": "2016-06-30",
             "主题": "两学一做", "应到人数": 2, "实到人数": 2},
            {"党组织名称": JOINT, "活动类型": "党课", "日期": "2016年7月1日", "应到人数": 5},
        ],
    }  # fmt: skip


@pytest.mark.django_db
def test_every_template_round_trips_and_reimporting_its_export_changes_nothing(tmp_path):
    register()
    fills = county_fills(tmp_path)
    fills["instructors"].pop()  # 翠湖 is two organizations: no round trip for a reject
    for kind, rows in fills.items():
        report = party_import(filled(tmp_path, kind, rows), kind)
        assert (report.rejections, report.accepted) == ([], len(rows)), kind
    assert PartyChange.objects.count() == 0

    for kind, rows in fills.items():
        out = tmp_path / f"export_{kind}.xlsx"
        assert records_export(kind, out, area=None, reveal_ids=True) == len(rows)
        again = party_import(out, kind)
        assert (again.rejections, again.accepted, again.skipped) == ([], 0, len(rows)), kind
        assert not [w for w in again.warnings if w[1] != "上级党组织"], kind
    assert PartyChange.objects.count() == 0

    exported = {row["党组织名称"]: row for row in sheet_rows(tmp_path / "export_orgs.xlsx")}
    assert exported[JOINT]["覆盖社会组织"] == (  # joined on founding: no date written
        f"{CALLIGRAPHERS_USCC}；{LAW_FIRM_USCC}（至2016-08-31）；云南正言律师事务所（2016-05-01起）"
    )
    assert exported[BRANCH]["上级党组织"] == "中共昆明市文艺界委员会"
    assert exported["中共昆明市文艺界委员会"]["任期年限"] == "5"
