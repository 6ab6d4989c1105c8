"""Dates in department spreadsheets (日期: 成立日期, 登记日期, 注销日期 …).

Accepts date objects from Excel readers, the common written forms (2016-03-01,
2016/3/1, 2016.3.1, 2016年3月1日, 20160301, with or without a time), full-width
digits and Excel serial numbers (1900 date system). A year and month alone gives
the first of the month with a warning. Nothing is guessed beyond that: anything
else is reported, not coerced.
"""

import datetime as dt
import math
import re
from functools import lru_cache

__all__ = ["MAX_YEAR", "MIN_YEAR", "parse_date"]

MIN_YEAR = 1949
MAX_YEAR = 2100
MONTH_ONLY = "只有年月，按当月1日"
YEAR_ONLY = "只有年份，按当年1月1日"

_EMPTY = frozenset({"", "无", "/", "\\", "-", "--", "—", "——", "暂无", "空", "NULL", "NONE", "NAN"})
# Excel's 1900 date system: serial 0 is 1899-12-30 (this absorbs the 1900 leap-year bug
# for every serial from 61, i.e. every date after 1900-02-28).
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()
_SERIAL_MAX = 80000
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_FOLD: dict[int, int | None] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0x2014: 0x2D, 0x2013: 0x2D, 0x2212: 0x2D, 0x3002: 0x2E})

_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?" + _TIME)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})" + _TIME)
_YM = re.compile(r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))")
_YEAR = re.compile(r"(\d{4})\s*年?")
_SERIAL = re.compile(r"(\d{1,5})(?:\.\d*)?")

Result = tuple[dt.date | None, str | None]


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _build(year: int, month: int, day: int, shown: str, note: str | None = None) -> Result:
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month]:
        return None, f"日期不存在: {shown}"
    if month == 2 and day == 29 and not _is_leap(year):
        return None, f"日期不存在: {shown}"
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, f"年份超出范围({MIN_YEAR}–{MAX_YEAR}): {shown}"
    return dt.date(year, month, day), note


def _from_date(value: dt.date, shown: str) -> Result:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return None, f"年份超出范围({MIN_YEAR}–{MAX_YEAR}): {shown}"
    return value, None


def _from_serial(serial: int, shown: str) -> Result:
    value = dt.date.fromordinal(_EXCEL_EPOCH + serial)
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return None, f"年份超出范围({MIN_YEAR}–{MAX_YEAR}): {shown} (Excel序列号={value})"
    return value, None


def _from_number(value: int, shown: str) -> Result:
    """A whole number: yyyymmdd, yyyymm, a bare year, or an Excel serial number."""
    if 10_000_000 <= value <= 99_999_999:
        return _build(value // 10000, value // 100 % 100, value % 100, shown)
    if MIN_YEAR * 100 <= value <= MAX_YEAR * 100 + 99:
        return _build(value // 100, value % 100, 1, shown, MONTH_ONLY)
    if MIN_YEAR <= value <= MAX_YEAR:
        # 1949-2100 as a serial would be 1905: a bare year is the only sensible reading.
        return _build(value, 1, 1, shown, YEAR_ONLY)
    if 1 <= value <= _SERIAL_MAX:
        return _from_serial(value, shown)
    return None, f"无法识别的日期: {shown}"


@lru_cache(maxsize=8192)
def _parse_text(raw: str) -> Result:
    text = raw.translate(_FOLD).strip()
    if text.upper() in _EMPTY:
        return None, None
    shown = raw.strip()
    if (match := _YMD.fullmatch(text)) is not None:
        year, month, day = match.groups()
        return _build(int(year), int(month), int(day), shown)
    if (match := _COMPACT.fullmatch(text)) is not None:
        year, month, day = match.groups()
        return _build(int(year), int(month), int(day), shown)
    if (match := _YM.fullmatch(text)) is not None:
        year, month, compact_month = match.groups()
        return _build(int(year), int(month or compact_month), 1, shown, MONTH_ONLY)
    if (match := _YEAR.fullmatch(text)) is not None:
        return _build(int(match.group(1)), 1, 1, shown, YEAR_ONLY)
    if (match := _SERIAL.fullmatch(text)) is not None:
        return _from_number(int(match.group(1)), shown)
    return None, f"无法识别的日期: {shown}"


def parse_date(value: object) -> Result:
    """(date, None), (date, note), (None, warning) or (None, None) for an empty cell.

    The note is set when the date had to be completed: a year and month only → the 1st
    (``只有年月，按当月1日``); a year only → 1 January. Impossible dates, years outside
    1949-2100 and unreadable text give ``(None, warning)``.
    """
    if value is None:
        return None, None
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, dt.datetime):
        return _from_date(value.date(), value.isoformat(sep=" "))
    if isinstance(value, dt.date):
        return _from_date(value, value.isoformat())
    if isinstance(value, bool):
        return None, f"无法识别的日期: {value}"
    if isinstance(value, int):
        return _from_number(value, str(value))
    if isinstance(value, float):
        if math.isnan(value):
            return None, None
        if not math.isfinite(value) or value < 0:
            return None, f"无法识别的日期: {value}"
        # A fractional part is the time of day of a serial date-time.
        whole = int(value)
        return _from_number(whole, str(whole) if value == whole else str(value))
    return _parse_text(str(value))
