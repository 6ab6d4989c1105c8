"""Register changes (变动): dated by the data that showed them, counted and listed by that date."""

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shezu.census.errors import EmptyRegisterError, RegisterError
from shezu.census.intake.services import batch_import
from shezu.census.models import LinkRun, OrganizationEvent
from shezu.census.register.queries import changes_since
from shezu.census.register.services import register_link
from tests.factories import (
    OrganizationEventFactory,
    OrganizationFactory,
    make_uscc,
    write_csv,
)

pytestmark = pytest.mark.django_db
ORDER = ["new", "renamed", "moved", "deregistered", "vanished", "merged", "verified"]


def day(month: int, date: int) -> dt.date:
    return dt.date(2016, month, date)


# ---------------------------------------------------------------- dating, in a link run

ARTS, PHOTO, DANCE, CHESS, VOLUNTEERS, TRADING = (
    make_uscc("51530102", f"MJ00000{n}") for n in range(1, 7)
)
CIVIL = [
    "社会组织名称",
    "曾用名",
    "统一社会信用代码",
    "社会组织类型",
    "住所",
    "登记状态",
    "注销日期",
]
TAX = ["纳税人名称", "纳税人识别号", "生产经营地址"]
LAW_LICENCE = "25301200110123456"


def civil(name: str, code: str, address: str, status: str = "正常", **more: str) -> list[str]:
    return [name, more.get("former", ""), code, "社会团体", address, status, more.get("ended", "")]


def lists(folder: Path, month: str, tables: dict[str, list[list[str]]]) -> dict[str, Path]:
    return {dept: write_csv(folder / f"{dept}_{month}.csv", rows) for dept, rows in tables.items()}


@pytest.fixture
def refreshed(tmp_path: Path) -> LinkRun:
    """March lists linked; then April and May lists, with one change of every kind, linked."""
    march = lists(
        tmp_path,
        "3月",
        {
            "民政": [
                CIVIL,
                civil("五华区书法家协会", ARTS, "五华区翠湖南路5号"),
                civil("五华区摄影协会", PHOTO, "五华区人民中路1号"),
                civil("五华区舞蹈协会", DANCE, "五华区华山西路3号"),
                civil("五华区围棋协会", CHESS, "五华区东风西路9号"),
            ],
            "工商": [
                ["企业名称", "统一社会信用代码", "住所"],
                ["昆明市恒达商贸有限公司", TRADING, "盘龙区北京路8号"],
            ],
            "司法": [
                ["律所名称", "执业许可证号", "执业地址"],
                ["云南恒通律师事务所", LAW_LICENCE, "五华区青年路9号"],
            ],
        },
    )
    batch_import(path=march["民政"], department="民政", as_of=day(3, 31))
    # The law firm first: the older organization keeps its id when the two merge.
    batch_import(path=march["司法"], department="司法", as_of=day(3, 31))
    batch_import(path=march["工商"], department="工商", as_of=day(3, 20))
    register_link()
    april = lists(
        tmp_path,
        "4月",
        {
            "民政": [
                CIVIL,
                civil("五华区书画家协会", ARTS, "五华区翠湖南路5号", former="五华区书法家协会"),
                civil("五华区摄影协会", PHOTO, "官渡区春城路100号"),
                civil("五华区舞蹈协会", DANCE, "五华区华山西路3号", "注销", ended="2016-04-20"),
                civil("五华区志愿者协会", VOLUNTEERS, "五华区青年路2号"),
            ],
            "税务": [TAX, ["五华区志愿者协会", VOLUNTEERS, "五华区青年路2号"]],
            # The firm's April entry carries the credit code the March company list had.
            "司法": [
                ["律所名称", "执业许可证号", "统一社会信用代码", "执业地址"],
                ["云南恒通律师事务所", LAW_LICENCE, TRADING, "五华区青年路9号"],
            ],
        },
    )
    # The tax office, slower, still lists the association under its old name.
    may_tax = write_csv(
        tmp_path / "税务_5月.csv",
        [
            TAX,
            ["五华区书法家协会", ARTS, "五华区翠湖南路5号"],
            ["五华区志愿者协会", VOLUNTEERS, "五华区青年路2号"],
        ],
    )
    batch_import(path=april["民政"], department="民政", as_of=day(4, 30))
    batch_import(path=april["税务"], department="税务", as_of=day(4, 15))
    batch_import(path=april["司法"], department="司法", as_of=day(4, 30))
    batch_import(path=may_tax, department="税务", as_of=day(5, 10))
    return register_link()


def test_each_change_is_dated_by_the_data_that_showed_it(refreshed):
    dated = {
        (event.kind, event.organization.name): event.as_of
        for event in OrganizationEvent.objects.filter(run=refreshed).select_related("organization")
    }

    assert dated == {
        # listed by the tax office on 15 April before the civil affairs list of 30 April
        ("new", "五华区志愿者协会"): day(4, 15),
        # the registering department's list that gave the name, though the tax office's
        # list of 10 May, still with the old name, is newer
        ("renamed", "五华区书画家协会"): day(4, 30),
        ("moved", "五华区摄影协会"): day(4, 30),
        # the deregistration's own date, not the list's
        ("deregistered", "五华区舞蹈协会"): day(4, 20),
        # the civil affairs list that no longer has it
        ("vanished", "五华区围棋协会"): day(4, 30),
        # the newest data of the run that merged it
        ("merged", "昆明市恒达商贸有限公司"): day(5, 10),
    }


def test_the_first_run_dates_each_organization_by_its_earliest_list(refreshed):
    first = LinkRun.objects.order_by("id").first()

    dated = {
        event.organization.name: event.as_of
        for event in OrganizationEvent.objects.filter(run=first).select_related("organization")
    }

    assert set(dated.values()) == {day(3, 31), day(3, 20)}
    assert dated["昆明市恒达商贸有限公司"] == day(3, 20)


def test_changes_by_data_date_find_the_refresh_whenever_it_was_linked(refreshed):
    april = changes_since(since=day(4, 1), until=day(4, 30))

    assert april.counts == {
        "new": 1,
        "renamed": 1,
        "moved": 1,
        "deregistered": 1,
        "vanished": 1,
        "merged": 0,
        "verified": 0,
    }


# ---------------------------------------------------------------- reading and reporting


@pytest.fixture
def events() -> dict[str, OrganizationEvent]:
    """Changes seen in lists of early April, recorded out of order, and one from 31 March."""
    photo = OrganizationFactory(org_id="KM0000001", name="昆明市摄影家协会")
    chess = OrganizationFactory(
        org_id="KM0000002",
        name="昆明市围棋协会",
        county_code="530103",
        fields={"township": "拓东街道"},
    )
    dance = OrganizationFactory(org_id="KM0000003", name="盘龙区舞蹈协会")
    return {
        "march": OrganizationEventFactory(
            organization=chess, kind="renamed", as_of=day(3, 31), before={"name": "围棋会"}
        ),
        "moved": OrganizationEventFactory(
            organization=chess,
            kind="moved",
            as_of=day(4, 3),
            before={"county_code": "530102", "address": "翠湖南路5号"},
            after={"county_code": "530103", "address": "北京路100号"},
        ),
        "renamed": OrganizationEventFactory(
            organization=photo,
            kind="renamed",
            as_of=day(4, 2),
            before={"name": "昆明市摄影协会"},
            after={"name": "昆明市摄影家协会"},
        ),
        "new": OrganizationEventFactory(organization=dance, kind="new", as_of=day(4, 1)),
        "deregistered": OrganizationEventFactory(
            organization=dance,
            kind="deregistered",
            as_of=day(4, 5),
            before={"status": "正常"},
            after={"status": "注销", "status_date": "2016-04-05"},
        ),
        "undated": OrganizationEventFactory(organization=photo, kind="moved", as_of=None),
    }


def changes(*args: str) -> str:
    out = io.StringIO()
    call_command("census_changes", *args, stdout=out)
    return out.getvalue()


def test_changes_are_counted_and_listed_by_kind_in_a_fixed_order(events):
    found = changes_since(since=day(4, 1))
    listed = found.listed()

    assert list(found.counts) == list(listed) == ORDER
    assert found.counts == {
        "new": 1,
        "renamed": 1,
        "moved": 1,
        "deregistered": 1,
        "vanished": 0,
        "merged": 0,
        "verified": 0,
    }
    assert listed["new"] == [events["new"]]
    assert listed["renamed"] == [events["renamed"]]
    assert listed["moved"] == [events["moved"]]  # not the event recorded without a data date
    assert listed["vanished"] == []


def test_the_window_holds_both_of_its_days_and_nothing_outside(events):
    assert changes_since(since=day(4, 2), until=day(4, 2)).listed() == {
        kind: [events["renamed"]] if kind == "renamed" else [] for kind in ORDER
    }
    assert changes_since(since=day(3, 31), until=day(4, 2)).listed()["renamed"] == [
        events["march"],
        events["renamed"],
    ]
    assert changes_since(since=day(4, 6)).total == 0


def test_changes_count_by_the_data_date_not_by_when_they_were_recorded(events):
    OrganizationEvent.objects.update(happened_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    assert changes_since(since=day(4, 1), until=day(4, 30)).total == 4
    assert changes_since(since=dt.date(2026, 1, 1)).total == 0


def test_only_the_kinds_asked_for_are_counted(events):
    found = changes_since(since=day(3, 1), kinds=["renamed", "deregistered"])

    assert found.counts == {"renamed": 2, "deregistered": 1}
    assert [event.kind for event in found.each()] == ["renamed", "renamed", "deregistered"]


def test_a_window_that_ends_before_it_starts_is_refused(events):
    with pytest.raises(RegisterError, match="截止日期 2016-04-01 早于起始日期 2016-04-05"):
        changes_since(since=day(4, 5), until=day(4, 1))


def test_an_empty_register_is_said_to_be_empty_not_unchanged():
    with pytest.raises(EmptyRegisterError, match="资料库中还没有组织"):
        changes_since(since=day(4, 1))


def test_the_command_prints_a_table_per_kind_with_data_dates_and_the_counts(events):
    out = changes("--since", "2016-04-01")

    assert out.startswith("数据日期 2016-04-01 起的变动")
    assert "更名 renamed · 1" in out
    assert "昆明市摄影家协会" in out
    assert "名称: 昆明市摄影协会 → 昆明市摄影家协会" in out
    assert "区县: 530102 五华区 → 530103 盘龙区" in out
    assert "2016-04-02" in out
    assert "围棋会" not in out
    assert "消失 vanished" not in out
    assert out.index("新增 new") < out.index("更名 renamed") < out.index("迁址 moved")
    lines = out.splitlines()
    assert lines[-2] == "新增 1，更名 1，迁址 1，注销 1，消失 0，合并 0，实地核实 0（共 4）"
    assert lines[-1].startswith("数据库 database: ")


def test_the_terminal_shows_the_first_rows_of_each_kind_and_counts_them_all():
    for number in range(1, 4):
        OrganizationEventFactory(as_of=day(4, number), organization__name=f"五华区测试协会{number}")

    out = changes("--since", "2016-04-01", "--limit", "2")

    assert "新增 new · 3" in out
    assert out.count("五华区测试协会") == 2
    assert "… 另有 1 条未列出" in out
    assert "新增 3，" in out


@pytest.mark.parametrize("since", ["2016/4/1", "2016.4.1", "2016年4月1日", "20160401"])
def test_a_date_written_as_clerks_write_it_is_accepted(events, since):
    assert changes("--since", since, "--until", "2016-4-30") == changes(
        "--since", "2016-04-01", "--until", "2016-04-30"
    )


def test_kinds_are_chosen_by_their_chinese_name_or_their_code(events):
    by_name = json.loads(changes("--since", "2016-03-01", "--kind", "更名", "--json"))
    by_code = json.loads(changes("--since", "2016-03-01", "--kind", "renamed", "--json"))

    assert by_name == by_code
    assert by_name["counts"] == {"renamed": 2}


def test_the_changes_as_json_give_the_window_the_counts_and_every_event(events):
    payload = json.loads(changes("--since", "2016-04-01", "--json"))

    assert (payload["since"], payload["until"]) == ("2016-04-01", None)
    assert list(payload["counts"]) == list(payload["changes"]) == ORDER
    assert payload["counts"]["renamed"] == 1
    renamed = payload["changes"]["renamed"]
    assert [{k: v for k, v in event.items() if k != "recorded_at"} for event in renamed] == [
        {
            "org_id": "KM0000001",
            "name": "昆明市摄影家协会",
            "as_of": "2016-04-02",
            "before": {"name": "昆明市摄影协会"},
            "after": {"name": "昆明市摄影家协会"},
        }
    ]
    assert payload["changes"]["vanished"] == []


def test_the_xlsx_holds_every_change_with_text_codes_and_real_dates(events, tmp_path):
    out = changes("--since", "2016-04-01", "--limit", "1", "--xlsx", str(tmp_path / "变动.xlsx"))

    sheet = openpyxl.load_workbook(tmp_path / "变动.xlsx").active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "变动"
    assert rows[0] == ["变动类型", "组织编号", "名称", "变化", "数据日期", "区县", "乡镇街道"]
    assert [row[:2] for row in rows[1:]] == [
        ["新增", "KM0000003"],
        ["更名", "KM0000001"],
        ["迁址", "KM0000002"],
        ["注销", "KM0000003"],
    ]
    assert rows[3][3:] == [
        "区县: 530102 五华区 → 530103 盘龙区；地址: 翠湖南路5号 → 北京路100号",
        dt.datetime(2016, 4, 3),  # noqa: DTZ001 (how openpyxl reads a date cell)
        "盘龙区",
        "拓东街道",
    ]
    assert {sheet.cell(row, 2).data_type for row in range(2, 6)} == {"s"}
    assert "已导出 4 条变动 →" in out


def test_a_since_that_is_not_a_whole_date_is_refused_with_the_forms_accepted(events):
    for since in ["2016-13-01", "2016-04", "2016", "42461", "soon"]:
        with pytest.raises(CommandError) as refused:
            changes("--since", since)
        assert f"「{since}」不是完整的日期" in str(refused.value)
        assert "2016/3/31、2016.3.31、2016年3月31日 或 20160331" in str(refused.value)


def test_since_is_required():
    with pytest.raises(CommandError, match="since"):
        changes()
