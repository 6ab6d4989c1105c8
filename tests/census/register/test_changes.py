"""Register changes (变动) since a date: grouped by kind, counted from local midnight."""

import datetime as dt
import io
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shezu.census.models import Organization, OrganizationEvent
from shezu.census.register.queries import changes_since
from tests.factories import OrganizationEventFactory, OrganizationFactory

KUNMING = ZoneInfo("Asia/Shanghai")
SINCE = dt.date(2026, 1, 1)
ORDER = ["new", "renamed", "moved", "deregistered", "vanished", "merged", "verified"]


def at(
    day: int, hour: int = 10, minute: int = 0, *, month: int = 1, year: int = 2026
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=KUNMING)


def event(org: Organization, kind: str, when: dt.datetime, **change: Any) -> OrganizationEvent:
    return OrganizationEventFactory(organization=org, kind=kind, happened_at=when, **change)


@pytest.fixture
def events() -> dict[str, OrganizationEvent]:
    """A month of register changes, created out of kind order, and one from the day before."""
    photo = OrganizationFactory(org_id="KM0000001", name="昆明市摄影家协会")
    chess = OrganizationFactory(org_id="KM0000002", name="昆明市围棋协会")
    dance = OrganizationFactory(org_id="KM0000003", name="盘龙区舞蹈协会")
    return {
        "late_december": event(
            chess, "renamed", at(31, 23, 59, month=12, year=2025), before={"name": "围棋会"}
        ),
        "moved": event(
            chess,
            "moved",
            at(3),
            before={"county_code": "530102", "address": "翠湖南路5号"},
            after={"county_code": "530103", "address": "北京路100号"},
        ),
        "renamed": event(
            photo,
            "renamed",
            at(2),
            before={"name": "昆明市摄影协会"},
            after={"name": "昆明市摄影家协会"},
        ),
        "midnight": event(dance, "new", at(1, 0, 0), after={"name": "盘龙区舞蹈协会"}),
        "deregistered": event(
            dance, "deregistered", at(5), before={"status": "正常"}, after={"status": "注销"}
        ),
    }


def changes(*args: str) -> str:
    out = io.StringIO()
    call_command("census_changes", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_changes_are_grouped_by_kind_in_a_fixed_order(events):
    groups = changes_since(since=SINCE)

    assert list(groups) == ORDER
    assert groups["new"] == [events["midnight"]]
    assert groups["renamed"] == [events["renamed"]]
    assert groups["moved"] == [events["moved"]]
    assert groups["deregistered"] == [events["deregistered"]]
    assert groups["vanished"] == groups["merged"] == groups["verified"] == []


@pytest.mark.django_db
def test_the_since_date_counts_from_local_midnight_and_excludes_the_day_before(events):
    groups = changes_since(since=SINCE)

    assert events["midnight"] in groups["new"]
    assert events["late_december"] not in groups["renamed"]
    assert changes_since(since=dt.date(2025, 12, 31))["renamed"] == [
        events["late_december"],
        events["renamed"],
    ]
    assert sum(map(len, changes_since(since=dt.date(2026, 1, 6)).values())) == 0


@pytest.mark.django_db
def test_the_command_prints_a_table_per_kind_with_events_and_the_counts(events):
    out = changes("--since", "2026-01-01")

    assert "更名 renamed · 1" in out
    assert "昆明市摄影家协会" in out
    assert "名称: 昆明市摄影协会 → 昆明市摄影家协会" in out
    assert "区县: 530102 五华区 → 530103 盘龙区" in out
    assert "2026-01-02 10:00" in out
    assert "围棋会" not in out
    assert "消失 vanished" not in out
    assert out.index("新增 new") < out.index("更名 renamed") < out.index("迁址 moved")
    assert "新增 1，更名 1，迁址 1，注销 1，消失 0，合并 0，实地核实 0（共 4）" in out


@pytest.mark.django_db
def test_a_date_written_as_departments_write_it_is_accepted(events):
    assert changes("--since", "2026/1/1") == changes("--since", "2026-01-01")


@pytest.mark.django_db
def test_no_changes_say_so(events):
    out = changes("--since", "2026-02-01")

    assert "无变动 (no changes)" in out
    assert "┃" not in out


@pytest.mark.django_db
def test_the_changes_as_json_list_each_kind_with_its_events(events):
    payload = json.loads(changes("--since", "2026-01-01", "--json"))

    assert list(payload) == ORDER
    assert payload["renamed"] == [
        {
            "org_id": "KM0000001",
            "name": "昆明市摄影家协会",
            "before": {"name": "昆明市摄影协会"},
            "after": {"name": "昆明市摄影家协会"},
            "happened_at": "2026-01-02T10:00:00+08:00",
        }
    ]
    assert payload["new"][0]["happened_at"] == "2026-01-01T00:00:00+08:00"
    assert payload["vanished"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("since", ["2026-13-01", "2026", "soon"])
def test_a_since_that_is_not_a_whole_date_is_refused(since):
    with pytest.raises(CommandError, match="--since"):
        changes("--since", since)


@pytest.mark.django_db
def test_since_is_required():
    with pytest.raises(CommandError, match="since"):
        changes()
