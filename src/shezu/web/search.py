"""Finding organizations in the register (台账查找), shared by the pages and the API.

One function, `organizations_find`, reads what someone typed and the filters they chose
and gives the matching organizations, always within what the user may see
(`organizations_for_user`): the list page and `/api/v1/organizations` answer alike.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import reduce
from typing import Any, Final

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet

from shezu.census.labels import FIELD_LABELS
from shezu.census.models import Organization, OrganizationNameKey
from shezu.census.normalise.identifiers import IdKind, classify, clean_code
from shezu.census.normalise.names import normalise_name
from shezu.census.register.ids import ORG_ID_PREFIX
from shezu.census.register.keys import CORE, FORMER_NAME, INITIALS, NAME, initials_typed
from shezu.census.verification.queries import FLAG_REASONS
from shezu.web.jurisdiction import organizations_for_user, organizations_for_user_parts

# What a list shows: the golden record and its provenance, most of a row, stay behind.
LISTED: Final = (
    "id", "org_id", "name", "uscc", "org_code", "category", "level", "county_code",
    "township_code", "status", "flags",
)  # fmt: skip

# Flags in plain words (the verification reasons, plus the two the golden record raises).
FLAG_LABELS: Final[Mapping[str, str]] = {
    "conflict": "各部门登记信息不一致",
    "missing": "缺少必填信息",
    **FLAG_REASONS,
}

# Sort keys people may ask for → the columns; org_id last so every order is total and a
# page boundary never moves between requests.
SORTS: Final[Mapping[str, tuple[str, ...]]] = {
    "org_id": ("org_id",),
    "name": ("name", "org_id"),
    "county": ("county_code", "township_code", "org_id"),
}
SORT_LABELS: Final[Mapping[str, str]] = {
    "org_id": FIELD_LABELS["org_id"],
    "name": FIELD_LABELS["name"],
    "county": FIELD_LABELS["county_code"],
}
FILTERS: Final = ("county", "township", "category", "level", "status", "flag")
_COLUMNS: Final[Mapping[str, str]] = {
    "county": "county_code",
    "township": "township_code",
    "category": "category",
    "level": "level",
    "status": "status",
}
_ORG_ID = re.compile(rf"{ORG_ID_PREFIX}(\d{{1,7}})")


@dataclass(frozen=True)
class Criteria:
    """What was asked: the search text, the filters (empty: any) and the order."""

    q: str = ""
    county: str = ""
    township: str = ""
    category: str = ""
    level: str = ""
    status: str = ""
    flag: str = ""
    sort: str = "org_id"

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Criteria:
        """From a query string; an unknown sort is the default, an unknown flag none."""
        values = {name: " ".join(str(params.get(name, "")).split()) for name in ("q", *FILTERS)}
        if values["flag"] not in FLAG_LABELS:
            values["flag"] = ""
        sort = str(params.get("sort", ""))
        return cls(**values, sort=sort if sort in SORTS else "org_id")


CONTAINS: Final = "名称包含"
# Above this many, a name-contains search on PostgreSQL shows the planner's estimate (约):
# counting exactly reads every row whose name holds the text (a two-character text has no
# trigram to look up, so it reads the register, ~240 ms at a million rows).
ESTIMATE_ABOVE: Final = 1_000


@dataclass(frozen=True)
class Total:
    """How many were found; `approximate` when it is the planner's estimate (约)."""

    n: int
    approximate: bool = False


@dataclass(frozen=True)
class Found:
    """The organizations found, ordered, not yet read; `found_by` the key that found
    them (组织编号, 统一社会信用代码 …), "" when nothing was typed or nothing matched;
    `parts` the same organizations cut as `organizations_for_user_parts` cuts them."""

    organizations: QuerySet[Organization]
    found_by: str
    parts: tuple[QuerySet[Organization], ...] = ()

    def total(self, *, exact: bool = False) -> Total:
        """How many were found: exactly, part by part (each an index-only count on
        PostgreSQL, where counting `organizations` would read the register), except a
        name-contains search that PostgreSQL expects to find more than ESTIMATE_ABOVE,
        which is estimated unless `exact` (the API: a script cannot read 约)."""
        if not exact and self.found_by == CONTAINS and connection.vendor == "postgresql":
            guess = sum(_planned_rows(part) for part in self.parts)
            if guess > ESTIMATE_ABOVE:
                return Total(int(float(f"{guess:.2g}")), approximate=True)
        return Total(sum(part.count() for part in self.parts))


def _planned_rows(organizations: QuerySet[Organization]) -> int:
    try:
        plan = json.loads(organizations.order_by().explain(format="json"))
    except EmptyResultSet:
        return 0
    return int(plan[0]["Plan"]["Plan Rows"])


def organizations_find(user: Any, criteria: Criteria) -> Found:
    """The organizations the user may see that match the criteria, in the asked order.

    The text is read by its shape: a stable id (KM0000123, any case) → that organization
    (or the one that absorbed it); an 18-character credit code or a 9-character
    organization code (lower case, spaces and dashes allowed) → by code; ASCII letters →
    pinyin initials (拼音首字母); anything else a name: as normalised or a former name
    (曾用名), then the core name (核心名称), then any name containing it. Each key is an
    indexed lookup; the first that finds anything the user may see decides, so a page
    costs a fixed number of queries whatever was typed.
    """
    visible = _filtered(organizations_for_user(user).only(*LISTED), criteria)
    parts = [_filtered(part, criteria) for part in organizations_for_user_parts(user)]
    found_by = ""
    if criteria.q:
        for label, condition in _steps(criteria.q):
            matches = visible.filter(condition())
            if matches.exists():
                visible, found_by = matches, label
                parts = [part.filter(condition()) for part in parts]
                break
        else:
            visible, parts = visible.none(), []
    return Found(visible.order_by(*SORTS[criteria.sort]), found_by, tuple(parts))


def filter_choices() -> dict[str, list[str]]:
    """The categories, levels and statuses the register's active organizations have,
    city-wide, for the list's dropdowns: a value with no organization in the user's area
    finds an empty list, which tells the truth. One query: on PostgreSQL a walk from one
    value to the next over the index `org_active_values` (a few dozen index probes, where
    a DISTINCT reads all million rows, ~300 ms); elsewhere (the demo's SQLite) a DISTINCT."""
    offered = ("category", "level", "status")
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Organization._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(_NEXT_VALUES.format(table=table))
            combinations = cursor.fetchall()
    else:
        combinations = list(
            Organization.objects.filter(active=True).order_by().values_list(*offered).distinct()
        )
    return {
        name: sorted({row[i] for row in combinations if row[i]}) for i, name in enumerate(offered)
    }


# A loose index scan: each step takes the next (category, level, status) after the last.
_NEXT_VALUES: Final = """
WITH RECURSIVE found AS (
    (SELECT category, level, status FROM {table} WHERE active
     ORDER BY category, level, status LIMIT 1)
    UNION ALL
    SELECT next.category, next.level, next.status FROM found, LATERAL (
        SELECT o.category, o.level, o.status FROM {table} o
        WHERE o.active
          AND (o.category, o.level, o.status) > (found.category, found.level, found.status)
        ORDER BY o.category, o.level, o.status LIMIT 1
    ) next
)
SELECT category, level, status FROM found
"""


def _filtered(organizations: QuerySet[Organization], criteria: Criteria) -> QuerySet[Organization]:
    for name, column in _COLUMNS.items():
        value = getattr(criteria, name)
        if value:
            organizations = organizations.filter(**{column: value})
    if criteria.flag:
        organizations = organizations.filter(_has_flag(criteria.flag))
    return organizations


def _has_flag(flag: str) -> Q:
    """Flags is a JSON list. PostgreSQL tests membership itself (jsonb @>); SQLite has no
    JSON containment, so there the quoted flag is looked for in the JSON text — exact,
    since flags are whitelisted words and a quote cannot occur inside one."""
    if connection.features.supports_json_field_contains:
        return Q(flags__contains=[flag])
    return Q(flags__icontains=f'"{flag}"')


_Step = tuple[str, Callable[[], Q]]


def _steps(text: str) -> list[_Step]:
    """The lookups the typed text calls for, in the order they are tried."""
    code = clean_code(text)
    id_match = _ORG_ID.fullmatch(code)
    if id_match:
        org_id = f"{ORG_ID_PREFIX}{int(id_match.group(1)):07d}"
        # An id absorbed by a merger leads to the organization that took it in; a
        # subquery, not a join through `absorbed`, which would repeat rows; a UNION, not
        # an OR, which PostgreSQL answers with a full scan (see `_named`).
        itself = Organization.objects.filter(org_id=org_id).order_by().values("pk")
        absorbed = Organization.objects.filter(org_id=org_id).order_by().values("merged_into")
        return [(FIELD_LABELS["org_id"], lambda: Q(pk__in=itself.union(absorbed)))]
    if len(code) == 18 and code.isalnum() and classify(code) is IdKind.USCC:
        return [(FIELD_LABELS["uscc"], lambda: Q(uscc=code))]
    if len(code) == 9 and classify(code) is IdKind.ORG_CODE and any(c.isdigit() for c in code):
        return [(FIELD_LABELS["org_code"], lambda: Q(org_code=code))]
    initials = initials_typed(text)
    if initials:
        return [(FIELD_LABELS["name_initials"], lambda: _keyed((INITIALS, initials)))]
    written = normalise_name(text)
    steps: list[_Step] = [
        (
            FIELD_LABELS["name"],
            lambda: _named(text, (NAME, written.name), (FORMER_NAME, written.name)),
        )
    ]
    if written.core:
        steps.append((FIELD_LABELS["name_core"], lambda: _keyed((CORE, written.core))))
    steps.append((CONTAINS, lambda: Q(name__contains=text)))
    return steps


def _keyed(*keys: tuple[str, str]) -> Q:
    return Q(pk__in=_key_ids(*keys))


def _named(name: str, *keys: tuple[str, str]) -> Q:
    """Named exactly so, or found by these keys: one IN over a UNION, not `name = … OR id
    IN (…)`, which PostgreSQL answers with a full scan of the register (570 ms at a million
    rows, benchmarks/web_scale.py); the UNION is two index lookups."""
    by_name = Organization.objects.filter(name=name).order_by().values("pk")
    return Q(pk__in=by_name.union(_key_ids(*keys)))


def _key_ids(*keys: tuple[str, str]) -> QuerySet[OrganizationNameKey, Any]:
    wanted = reduce(operator.or_, (Q(kind=kind, key=key) for kind, key in keys))
    return OrganizationNameKey.objects.filter(wanted).order_by().values("organization_id")
