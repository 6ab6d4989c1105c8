"""日期: every written form department spreadsheets use, serials, and what is refused."""

import datetime as dt

import pytest

from shezu.census.normalise.dates import parse_date

MARCH_1 = dt.date(2016, 3, 1)


@pytest.mark.parametrize(
    "value",
    [
        "2016-03-01",
        "2016/3/1",
        "2016.3.1",
        "2016年3月1日",
        "2016年03月01日",
        "2016 年 3 月 1 日",
        "2016年3月1号",
        "20160301",
        "2016-03-01 00:00:00",
        "2016/3/1 0:00",
        "2016-03-01T08:30:00",
        " 2016-03-01 ",
        "２０１６－０３－０１",
        "２０１６年３月１日",
        "２０１６０３０１",
    ],
)
def test_written_forms(value: str) -> None:
    assert parse_date(value) == (MARCH_1, None)


def test_date_objects_from_excel_readers() -> None:
    assert parse_date(MARCH_1) == (MARCH_1, None)
    assert parse_date(dt.datetime(2016, 3, 1, 14, 30)) == (MARCH_1, None)  # noqa: DTZ001


@pytest.mark.parametrize("value", [42430, 42430.0, 42430.75, "42430", "42430.0"])
def test_excel_serial_numbers(value: object) -> None:
    assert parse_date(value) == (MARCH_1, None)


def test_serial_day_zero_is_1899_12_30() -> None:
    assert parse_date(25569) == (dt.date(1970, 1, 1), None)
    assert parse_date(18264) == (dt.date(1950, 1, 1), None)


@pytest.mark.parametrize("value", [20160301, 20160301.0, "20160301"])
def test_yyyymmdd_wins_over_serial(value: object) -> None:
    assert parse_date(value) == (MARCH_1, None)


@pytest.mark.parametrize("value", ["2016年3月", "2016-03", "2016/3", "2016.03", "201603", 201603])
def test_year_and_month_only_gives_first_of_month_with_warning(value: object) -> None:
    assert parse_date(value) == (MARCH_1, "只有年月，按当月1日")


@pytest.mark.parametrize("value", ["2016年", "2016", 2016])
def test_year_only_gives_first_of_year_with_warning(value: object) -> None:
    date, warning = parse_date(value)
    assert date == dt.date(2016, 1, 1)
    assert warning is not None


@pytest.mark.parametrize("value", [None, "", "  ", "无", "/", "-", "暂无", "\u3000", float("nan")])
def test_empty(value: object) -> None:
    assert parse_date(value) == (None, None)


@pytest.mark.parametrize(
    "value", ["2016-02-30", "2015-02-29", "2016-13-01", "20160230", "2016年4月31日"]
)
def test_impossible_dates(value: str) -> None:
    assert parse_date(value) == (None, f"日期不存在: {value}")


def test_leap_day_exists() -> None:
    assert parse_date("2016-02-29") == (dt.date(2016, 2, 29), None)
    assert parse_date("2000-02-29") == (dt.date(2000, 2, 29), None)
    assert parse_date("1900-02-29")[0] is None


@pytest.mark.parametrize("value", ["1900-01-01", "1948-12-31", "2101-01-01", "21010101", 1, 100])
def test_years_outside_1949_2100(value: object) -> None:
    date, warning = parse_date(value)
    assert date is None
    assert warning is not None
    assert warning.startswith("年份超出范围")


def test_year_range_applies_to_date_objects() -> None:
    assert parse_date(dt.date(1900, 1, 1))[0] is None
    assert parse_date(dt.date(1949, 1, 1)) == (dt.date(1949, 1, 1), None)
    assert parse_date(dt.date(2100, 12, 31)) == (dt.date(2100, 12, 31), None)


@pytest.mark.parametrize(
    "value", ["abc", "16-3-1", "三月一日", "80001", True, -5, float("inf"), dt.time(8)]
)
def test_unreadable(value: object) -> None:
    date, warning = parse_date(value)
    assert date is None
    assert warning is not None
    assert warning.startswith("无法识别的日期")
