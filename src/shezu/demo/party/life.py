"""Organizational life (组织生活) of one demo Party organization, month by month.

2016 practice (domain §1.3): a committee meeting (支委会) monthly where there is a
committee, a members' meeting quarterly, a Party lecture about quarterly, a themed Party
day monthly, "两学一做" study from April 2016, the organizational-life meeting and the
appraisal of members in January for the year before. Some branches go quiet.
"""

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

TWO_STUDIES = dt.date(2016, 4, 1)  # “两学一做” began
FIRST_MONTH = dt.date(2016, 1, 1)  # the activity file covers the year
QUIET = 0.08  # branches that stop meeting at some point
SILENT = 0.03  # branches that record nothing

_TOPICS = {
    "主题党日": (
        "重温入党誓词",
        "学习党章",
        "学习《中国共产党廉洁自律准则》",
        "“七一”建党95周年纪念",
        "党员志愿服务进社区",
        "参观革命传统教育基地",
        "学习习近平总书记系列重要讲话",
        "缴纳党费、交流学习体会",
    ),
    "支部委员会": ("研究本月支部工作", "研究发展党员工作", "研究“两学一做”安排", "研究党费收缴"),
    "支部党员大会": ("传达上级会议精神", "讨论发展预备党员", "通报支部工作", "选举支部委员"),
    "党课": ("书记讲党课", "党的历史", "学习新党章", "做合格党员"),
    "集中教育": (
        "“两学一做”学习教育动员部署",
        "学党章党规专题学习",
        "学系列讲话专题学习",
        "做合格党员专题讨论",
    ),
    "党小组会": ("党小组学习", "交流学习体会"),
    "组织生活会": ("年度组织生活会",),
    "民主评议党员": ("年度民主评议党员",),
    "党性分析": ("对照党章党规找差距",),
    "主题实践活动": ("结对帮扶", "公益服务", "关爱留守儿童"),
    "谈心谈话": ("支部书记与党员谈心谈话",),
}


@dataclass(frozen=True, slots=True)
class Activity:
    kind: str
    day: dt.date
    topic: str
    expected: int
    present: int


def _months(first: dt.date, last: dt.date) -> Iterator[tuple[int, int]]:
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def activities(
    rng: random.Random,
    *,
    kind: str,
    founded: dt.date,
    end: dt.date,
    committee: int,
    attendees: Callable[[dt.date], int],
) -> Iterator[Activity]:
    """A Party organization's meetings from `founded` (or January 2016) to `end` (exclusive).

    `committee`: members of its committee, 0 when none; `attendees(day)`: members held then.
    """
    if rng.random() < SILENT:
        return
    if rng.random() < QUIET:
        span = max(1, (end - founded).days)
        end = min(end, founded + dt.timedelta(days=rng.randrange(span // 3, span + 1)))
    theme_day = rng.randint(5, 25)
    plan: list[tuple[str, dt.date]] = []
    branch = kind in ("党支部", "联合党支部")
    for y, m in _months(max(founded, FIRST_MONTH), end):

        def on(day: int, y: int = y, m: int = m) -> dt.date:
            return dt.date(y, m, day)

        if not branch:
            if m % 3 == 0 and rng.random() < 0.7:
                plan.append(("党课", on(rng.randint(1, 28))))
            if on(1) >= TWO_STUDIES and rng.random() < 0.4:
                plan.append(("集中教育", on(rng.randint(1, 28))))
            continue
        if rng.random() < 0.85:
            plan.append(("主题党日", on(theme_day)))
        if committee and rng.random() < 0.8:
            plan.append(("支部委员会", on(rng.randint(1, 10))))
        if m % 3 == 0 and rng.random() < 0.9:
            plan.append(("支部党员大会", on(rng.randint(10, 28))))
        if m % 3 == 2 and rng.random() < 0.75:
            plan.append(("党课", on(rng.randint(1, 28))))
        if on(1) >= TWO_STUDIES and rng.random() < 0.5:
            plan.append(("集中教育", on(rng.randint(1, 28))))
        if m in (6, 7) and rng.random() < 0.3:
            plan.append(("党性分析", on(rng.randint(1, 28))))
        if rng.random() < 0.12:
            plan.append(("主题实践活动", on(rng.randint(1, 28))))
        if rng.random() < 0.1:
            plan.append(("谈心谈话", on(rng.randint(1, 28))))
        if attendees(on(1)) >= 12 and rng.random() < 0.5:
            plan.append(("党小组会", on(rng.randint(1, 28))))
        if m == 1 and founded < FIRST_MONTH and rng.random() < 0.8:
            plan.append(("组织生活会", on(rng.randint(10, 28))))
            if rng.random() < 0.8:
                plan.append(("民主评议党员", on(rng.randint(10, 28))))
    plan.sort(key=lambda item: item[1])
    for activity_kind, day in plan:
        if day < founded or day >= end:
            continue
        held = attendees(day)
        if held <= 0:
            continue
        expected = min(committee, held) if activity_kind == "支部委员会" else held
        absent = sum(rng.random() < 0.1 for _ in range(expected))
        present = max(1, expected - absent)
        yield Activity(activity_kind, day, rng.choice(_TOPICS[activity_kind]), expected, present)
