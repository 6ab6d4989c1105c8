"""`census show ORG`: one organization of the register, found the way people name it."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shezu.census.errors import RegisterError
from shezu.census.register.queries import organizations_search
from tests.factories import (
    CIVIL_LIST,
    PANLONG,
    PHOTOGRAPHERS_USCC,
    TAX_LIST,
    OrganizationEventFactory,
    OrganizationFactory,
    SourceRecordFactory,
    VerificationTaskFactory,
    make_org_code,
    make_uscc,
    photographers,
)

KUNMING = dt.timezone(dt.timedelta(hours=8))
pytestmark = pytest.mark.django_db


def show(*args: str) -> str:
    out = io.StringIO()
    call_command("census_show", *args, stdout=out)
    return out.getvalue()


def found(query: str) -> tuple[str, list[str]]:
    search = organizations_search(query)
    return search.found_by, [org.org_id for org in search.organizations]


@pytest.fixture
def register():
    """昆明市摄影家协会 (KM0000123) with its records, a 五华区 namesake, a firm, and an id
    absorbed into the association."""
    photo = photographers()
    OrganizationFactory(org_id="KM0000200", name="五华区摄影家协会")
    OrganizationFactory(
        org_id="KM0000300",
        name="昆明市长乐会计师事务所",
        category="会计师事务所",
        county_code=PANLONG,
        uscc=make_uscc("91530100", "21652847"),
    )
    OrganizationFactory(org_id="KM0000124", name="昆明市摄影协会", active=False, merged_into=photo)
    return photo


# ---------------------------------------------------------------- finding it


def test_a_stable_id_is_found_in_any_case(register):
    assert found("km0000123") == ("组织编号", ["KM0000123"])
    assert found("KM123") == ("组织编号", ["KM0000123"])


def test_an_absorbed_id_leads_to_the_organization_that_took_it_in(register):
    search = organizations_search("KM0000124")

    assert [org.org_id for org in search.organizations] == ["KM0000123"]
    assert search.absorbed_id == "KM0000124"


def test_a_credit_code_is_found_as_a_department_wrote_it(register):
    written = " ".join(PHOTOGRAPHERS_USCC[i : i + 4] for i in range(0, 18, 4)).lower()

    assert found(written) == ("统一社会信用代码", ["KM0000123"])


def test_an_organization_code_is_found_with_or_without_its_dash(register):
    code = PHOTOGRAPHERS_USCC[8:17]

    assert found(code) == ("组织机构代码", ["KM0000123"])
    assert found(f"{code[:8]}-{code[8]}") == ("组织机构代码", ["KM0000123"])


def test_a_new_credit_code_finds_an_organization_known_by_its_old_organization_code():
    OrganizationFactory(
        org_id="KM0000400", name="盘龙区老年协会", org_code=make_org_code("MJ000400")
    )

    assert found(make_uscc("51530103", "MJ000400")) == (
        "统一社会信用代码内嵌的组织机构代码",
        ["KM0000400"],
    )


def test_a_credit_code_only_a_source_record_gave_finds_its_organization(register):
    mistyped = "51530100MJ0000173X"  # a wrong check character: never promoted to the golden record
    SourceRecordFactory(name="昆明市摄影家协会", uscc=mistyped, organization=register)

    assert found(mistyped) == ("来源记录中的统一社会信用代码", ["KM0000123"])


def test_a_name_is_found_as_written_then_written_another_way(register):
    assert found("昆明市摄影家协会") == ("名称", ["KM0000123"])
    assert found("昆明市 摄影家协会(筹)") == ("规范化名称", ["KM0000123"])
    assert found("昆明市摄影协会") == ("曾用名", ["KM0000123"])


def test_a_core_name_finds_only_organizations_whose_region_and_form_fit(register):
    assert found("昆明摄影家协会") == ("核心名称", ["KM0000123"])
    assert found("摄影家协会") == ("核心名称", ["KM0000123", "KM0000200"])
    assert found("五华摄影家学会") == ("", [])


def test_pinyin_initials_find_a_name_also_when_a_polyphone_is_read_as_people_read_it(register):
    assert found("kmssyjxh") == ("拼音首字母", ["KM0000123"])
    assert found("syjxh") == ("拼音首字母", ["KM0000123", "KM0000200"])
    assert found("KMSCLKJSSWS") == ("拼音首字母", ["KM0000300"])


def test_an_absorbed_or_inactive_organization_is_found_by_its_id_only(register):
    OrganizationFactory(org_id="KM0000500", name="已停止的协会", active=False)

    assert found("已停止的协会") == ("", [])
    assert found("KM0000500") == ("组织编号", ["KM0000500"])
    assert "此组织已停用：不再有来源记录属于它" in show("KM0000500")


def test_an_empty_search_is_refused():
    with pytest.raises(RegisterError, match="nothing to search for"):
        organizations_search("   ")


# ---------------------------------------------------------------- the command


def test_show_prints_the_golden_record_with_sources_conflicts_records_events_and_tasks(register):
    OrganizationEventFactory(
        organization=register, kind="new", happened_at=dt.datetime(2016, 4, 1, 9, tzinfo=KUNMING)
    )
    OrganizationEventFactory(
        organization=register,
        kind="renamed",
        happened_at=dt.datetime(2016, 5, 1, 9, tzinfo=KUNMING),
        before={"name": "昆明市摄影协会"},
        after={"name": "昆明市摄影家协会"},
    )
    VerificationTaskFactory(organization=register, reasons=["电话不一致（民政 0871-64111111）"])

    out = show("kmssyjxh")

    lines = out.splitlines()
    assert lines[0] == "KM0000123 昆明市摄影家协会（按拼音首字母找到「kmssyjxh」）"

    def row(label: str) -> str:
        return next(text for text in lines if text.startswith(f"│ {label} "))

    assert f"民政 {CIVIL_LIST}:12（2016-03-31）" in row("名称")
    assert "530102 五华区" in row("区县")
    assert "昆明市摄影协会" in row("曾用名")
    assert f"税务 {TAX_LIST}:7（2016-04-30）" in row("联系电话")
    assert f"民政 {CIVIL_LIST}:12（2016-03-31）：0871-64111111" in out
    assert "电话不一致" in out
    assert "标记 flags: conflict" in out
    assert f"│ 民政 │ {CIVIL_LIST}:12 │ 2016-03-31 │ 昆明市 摄影家协会 │" in out
    assert out.index("名称: 昆明市摄影协会 → 昆明市摄影家协会") < out.index("新增")
    assert "2016-05-01 09:00" in out
    assert "电话不一致（民政 0871-64111111）" in out
    assert "(no organization" not in out


def test_show_marks_missing_fields_and_says_when_no_task_is_open(register):
    OrganizationFactory(
        org_id="KM0000600",
        name="翠湖社区老年协会",
        missing=["legal_rep"],
        flags=["missing", "no_authority_record"],
    )

    out = show("KM0000600")

    assert "缺项 missing: 法定代表人" in out
    assert "标记 flags: missing、no_authority_record（登记机关名单中没有此组织）" in out
    assert "—（缺）" in out
    assert "无未完成的核实任务 (no open verification task)" in out
    assert "无变动记录 (no events)" in out


def test_show_of_an_absorbed_id_says_where_it_went(register):
    out = show("KM0000124")

    assert out.splitlines()[:2] == [
        "KM0000123 昆明市摄影家协会（按组织编号找到「KM0000124」）",
        "KM0000124 已并入 KM0000123 (merged into KM0000123)",
    ]


def test_a_name_typed_as_several_words_is_one_name(register):
    assert show("昆明市", "摄影家协会").startswith("KM0000123 昆明市摄影家协会")


def test_several_matches_are_listed_with_a_line_saying_to_use_the_id(register):
    out = show("摄影家协会")

    assert "按核心名称找到「摄影家协会」· 2" in out
    assert "│    1 │ KM0000123 │ 昆明市摄影家协会 │ 530102 五华区 │ 正常 │" in out
    assert "│    2 │ KM0000200 │ 五华区摄影家协会 │ 530102 五华区 │ 正常 │" in out
    assert out.splitlines()[-1] == (
        "共 2 个组织，请用组织编号查看其一，如 shezu census show KM0000123 "
        "(several organizations match: show one by its id)"
    )


def test_more_matches_than_the_limit_say_how_many_are_shown(register):
    out = show("摄影家协会", "--limit", "1")

    assert "KM0000200" not in out
    assert "仅列出前 1 个 (first 1)" in out


def test_nothing_found_is_one_error_naming_what_was_searched(register):
    with pytest.raises(CommandError) as error:
        show("昆明市不存在协会")

    assert str(error.value) == (
        "未找到「昆明市不存在协会」：已按名称、规范化名称、曾用名、核心名称查找 "
        "(no organization of the register matches)"
    )


def test_a_blank_search_or_a_limit_below_one_is_refused(register):
    with pytest.raises(CommandError, match="nothing to search for"):
        show(" ")
    with pytest.raises(CommandError, match="--limit"):
        show("摄影家协会", "--limit", "0")


def test_an_unknown_id_names_the_id(register):
    with pytest.raises(CommandError, match="未找到「KM9999999」：已按组织编号查找"):
        show("KM9999999")


def test_show_as_json_gives_every_field_with_its_label_value_and_sources(register):
    shown = json.loads(show(PHOTOGRAPHERS_USCC, "--json"))

    assert (shown["org_id"], shown["found_by"], shown["absorbed_id"]) == (
        "KM0000123",
        "统一社会信用代码",
        None,
    )
    assert shown["fields"]["phones"] == {
        "label": "联系电话",
        "value": "0871-65123456",
        "sources": [
            {
                "department": "税务",
                "file": TAX_LIST,
                "row": 7,
                "as_of": "2016-04-30",
                "value": "0871-65123456",
            },
            {
                "department": "民政",
                "file": CIVIL_LIST,
                "row": 12,
                "as_of": "2016-03-31",
                "value": "0871-64111111",
            },
        ],
    }
    assert list(shown["fields"])[:3] == ["name", "former_names", "uscc"]
    assert shown["records"] == [
        {
            "id": shown["records"][0]["id"],
            "department": "民政",
            "file": CIVIL_LIST,
            "row": 12,
            "as_of": "2016-03-31",
            "name": "昆明市 摄影家协会",
        },
        {
            "id": shown["records"][1]["id"],
            "department": "税务",
            "file": TAX_LIST,
            "row": 7,
            "as_of": "2016-04-30",
            "name": "昆明市摄影协会",
        },
    ]
    assert shown["conflicts"][0]["field"] == "phones"
    assert (shown["missing"], shown["flags"], shown["events"], shown["tasks"]) == (
        [],
        ["conflict"],
        [],
        [],
    )


def test_several_matches_as_json_list_them(register):
    shown = json.loads(show("syjxh", "--json"))

    assert shown == {
        "query": "syjxh",
        "found_by": "拼音首字母",
        "total": 2,
        "organizations": [
            {
                "org_id": "KM0000123",
                "name": "昆明市摄影家协会",
                "county_code": "530102",
                "county": "五华区",
                "status": "正常",
            },
            {
                "org_id": "KM0000200",
                "name": "五华区摄影家协会",
                "county_code": "530102",
                "county": "五华区",
                "status": "正常",
            },
        ],
    }


def test_show_by_id_reads_the_organization_and_its_details_in_five_queries(
    register, django_assert_num_queries
):
    with django_assert_num_queries(5):
        show("KM0000123")
