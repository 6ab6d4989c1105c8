"""Reads of the affiliation context."""

from __future__ import annotations

from django.db.models import QuerySet

from shezu.affiliation.directory import Body, BodyDirectory
from shezu.affiliation.models import ResponsibleBody


def bodies_list(kind: str | None = None) -> QuerySet[ResponsibleBody]:
    """The responsible bodies (责任主体) by code, of one `BodyKind` value when given, each
    with its parent."""
    bodies = ResponsibleBody.objects.select_related("parent").order_by("code")
    return bodies.filter(kind=kind) if kind else bodies


def body_directory() -> BodyDirectory:
    """Every body, active or not, as the rule engine looks them up."""
    rows = ResponsibleBody.objects.values_list(
        "code", "name", "kind", "parent__code", "area_code", "units", "active"
    )
    return BodyDirectory(
        Body(
            code=code,
            name=name,
            kind=kind,
            parent_code=parent_code or "",
            area_code=area_code,
            units=tuple(units or ()),
            active=active,
        )
        for code, name, kind, parent_code, area_code, units, active in rows
    )
