"""Dates of the demo organizations and every notation a department writes them in."""

import datetime as dt
import random

CENSUS_DATE = dt.date(2016, 3, 31)
EXCEL_EPOCH = dt.date(1899, 12, 30)

NOTATIONS = ("iso", "slash", "chinese", "compact", "dotted", "serial")


def random_date(
    rng: random.Random, first: dt.date, last: dt.date, *, recent_bias: float = 1.0
) -> dt.date:
    """A day between first and last; recent_bias > 1 favours later days."""
    span = (last - first).days
    offset = int(span * rng.random() ** (1 / recent_bias))
    return first + dt.timedelta(days=min(offset, span))


def excel_serial(day: dt.date) -> int:
    """Excel's day number (1900 system): 2016-03-01 → 42430."""
    return (day - EXCEL_EPOCH).days


def render_date(day: dt.date, notation: str) -> str:
    if notation == "iso":
        return day.isoformat()
    if notation == "slash":
        return f"{day.year}/{day.month}/{day.day}"
    if notation == "chinese":
        return f"{day.year}年{day.month}月{day.day}日"
    if notation == "compact":
        return day.strftime("%Y%m%d")
    if notation == "dotted":
        return f"{day.year}.{day.month:02d}.{day.day:02d}"
    if notation == "serial":
        return str(excel_serial(day))
    raise ValueError(notation)


def pick_notation(rng: random.Random, dominant: str, *, dominant_share: float = 0.75) -> str:
    """The department's usual notation most of the time, any other now and then."""
    if rng.random() < dominant_share:
        return dominant
    return rng.choice([n for n in NOTATIONS if n != dominant])
