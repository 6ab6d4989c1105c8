"""Party members of the demo: who they are, their citizen ID numbers and Party dates.

A member is drawn from its own random stream; ID numbers (GB 11643) are valid by
python-stdnum's rules, birthplace included, and unique within a run (`IdBook` keeps one
integer per member issued: the only thing that grows with the run).
"""

import datetime as dt
import random
from dataclasses import dataclass
from functools import cache

from stdnum.cn import ric

from shezu.demo.census import people

# Where members were born: mostly Kunming's counties, then Yunnan's other prefectures,
# then the provinces people come to Kunming from.
# python-stdnum checks a code against the years it was in use: the urban districts' codes
# only from 1980, so people born earlier carry the old counties' (530121 …).
_KUNMING = (
    "530102",
    "530103",
    "530111",
    "530112",
    "530113",
    "530181",
    "530121",
    "530122",
    "530123",
    "530124",
    "530125",
    "530126",
    "530127",
    "530128",
)
_YUNNAN = ("532101", "532128", "532301", "532321", "532501", "532522", "532425", "532901")
_ELSEWHERE = ("510104", "430102", "500103", "520102", "450102", "420102", "410102", "350102")
_WEIGHTS = (60, 28, 12)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check(body: str) -> str:
    """The 18th character of a citizen ID number (ISO 7064 MOD 11-2)."""
    total = sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


@dataclass(slots=True)
class Person:
    name: str
    male: bool
    id_number: str
    birth: dt.date
    joined: dt.date  # 入党日期
    full_on: dt.date  # 转正日期: a year after joining
    transfer_in: dt.date | None = None
    transfer_out: dt.date | None = None

    def probationary_on(self, day: dt.date) -> bool:
        return self.full_on > day

    def held_on(self, day: dt.date) -> bool:
        """As the register reads the row (Member.held_on)."""
        came = self.transfer_in is None or self.transfer_in <= day
        return (
            self.joined <= day and came and (self.transfer_out is None or self.transfer_out > day)
        )


class IdBook:
    """Issues unique, valid citizen ID numbers."""

    def __init__(self) -> None:
        self._issued: set[int] = set()

    def issue(self, rng: random.Random, birth: dt.date, male: bool) -> str:
        for _ in range(200):
            region = rng.choice(rng.choices((_KUNMING, _YUNNAN, _ELSEWHERE), _WEIGHTS)[0])
            sequence = rng.randrange(500) * 2 + (1 if male else 0)
            body = f"{region}{birth:%Y%m%d}{sequence:03d}"
            number = body + id_check(body)
            key = int(body)
            if key not in self._issued and _place_valid(region, birth.year):
                self._issued.add(key)
                return number
        raise RuntimeError(f"no ID number left for {birth}")  # pragma: no cover


@cache
def _place_valid(region: str, year: int) -> bool:
    """Whether stdnum accepts the birthplace code for people born in `year`."""
    body = f"{region}{year}0601001"
    try:
        return ric.is_valid(body + id_check(body))
    except KeyError:  # stdnum 2.2 fails on a few codes without a county
        return False


def birth_date(rng: random.Random, as_of: dt.date, *, older: bool = False) -> dt.date:
    """Ages 22–75 on `as_of`; most between 28 and 50, older in associations."""
    mode = 58 if older else 36
    age = rng.triangular(22, 75.9, mode)
    return as_of - dt.timedelta(days=int(age * 365.25))


def joined_date(rng: random.Random, birth: dt.date, last: dt.date) -> dt.date:
    """Joined the Party after the 18th birthday, mostly in the twenties."""
    eighteen = (
        birth.replace(year=birth.year + 18)
        if (birth.month, birth.day) != (2, 29)
        else (dt.date(birth.year + 18, 3, 1))
    )
    span = (last - eighteen).days
    offset = int(span * min(1.0, rng.betavariate(1.3, 3.0)))
    return eighteen + dt.timedelta(days=max(0, offset))


def one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return dt.date(day.year + 1, 3, 1)


def person(
    rng: random.Random,
    ids: IdBook,
    as_of: dt.date,
    file_date: dt.date,
    *,
    probationary: bool,
    older: bool = False,
    name: str = "",
) -> Person:
    """A member; `probationary`: joined within the year before `file_date`."""
    male = rng.random() < 0.56
    birth = birth_date(rng, as_of, older=older)
    year_ago = file_date - dt.timedelta(days=364)
    if probationary:
        joined = year_ago + dt.timedelta(days=rng.randrange(1, 330))
    else:
        joined = joined_date(rng, birth, year_ago - dt.timedelta(days=1))
    return Person(
        name=name or people.person_name(rng),
        male=male,
        id_number=ids.issue(rng, birth, male),
        birth=birth,
        joined=joined,
        full_on=one_year_after(joined),
    )
