"""Responsibility as other contexts see it: the responsible bodies (责任主体) by plain
values, and the one write another context may make — a body a Party-organization file
names as upper Party body (上级党组织) that nobody has entered yet, added unconfirmed so
that the row is kept and a person confirms or corrects the body later.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from shezu.affiliation.models import BodyKind, ResponsibleBody
from shezu.census.api import CITY_CODE

__all__ = ["BodyRef", "bodies_all", "body_get", "body_unconfirmed_add"]

UNCONFIRMED_NOTE = "由党组织填报表中的上级党组织名称自动添加，待确认"


@dataclass(frozen=True)
class BodyRef:
    code: str
    name: str
    kind: str
    area_code: str
    confirmed: bool


def _ref(body: ResponsibleBody) -> BodyRef:
    return BodyRef(body.code, body.name, body.kind, body.area_code, body.confirmed)


def bodies_all() -> list[BodyRef]:
    """Every active body, confirmed or not (a few hundred for a city)."""
    return [_ref(b) for b in ResponsibleBody.objects.filter(active=True).order_by("code")]


def body_get(code: str) -> BodyRef | None:
    found = ResponsibleBody.objects.filter(code=code).first()
    return _ref(found) if found else None


def body_unconfirmed_add(name: str, *, area_code: str) -> BodyRef:
    """Add a body by the name a file gave, under the city's or the county's body, flagged
    for confirmation (`confirmed` False); an industry committee when the name says so
    (行业), else the area's kind. The code is the area and a running number: 530102-p1."""
    area = area_code if len(area_code) == 6 else CITY_CODE
    kind = (
        BodyKind.INDUSTRY
        if "行业" in name
        else BodyKind.CITY
        if area == CITY_CODE
        else BodyKind.COUNTY
    )
    with transaction.atomic():
        parent = ResponsibleBody.objects.filter(code=area).first()
        taken = set(
            ResponsibleBody.objects.filter(code__startswith=f"{area}-p").values_list(
                "code", flat=True
            )
        )
        number = 1
        while f"{area}-p{number}" in taken:
            number += 1
        body = ResponsibleBody.objects.create(
            code=f"{area}-p{number}",
            name=name,
            kind=kind,
            parent=parent,
            area_code=area,
            confirmed=False,
            note=UNCONFIRMED_NOTE,
        )
    return _ref(body)
