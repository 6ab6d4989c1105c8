"""Writes of classification and responsibility: the assignment run, overrides, rule versions.

`assignment_run` classifies every organization of the register, walks the rule table in
effect on the run's date for each and writes, in one transaction, the classifications
and the dated assignments: a stretch ends and a new one begins, with its reason, only
where the body, the mode or whether the organization is in scope changed. With
`dry_run` it writes nothing and says what would change — which is also how a new rule
version is previewed before it may take effect.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from shezu.affiliation import vocabulary as v
from shezu.affiliation.bodies import bodies_seed
from shezu.affiliation.classification import ClassificationResult
from shezu.affiliation.errors import AffiliationError, RulesError
from shezu.affiliation.models import (
    Assignment,
    AssignmentRun,
    Classification,
    ClassificationOverride,
    ResponsibleBody,
    RuleVersion,
)
from shezu.affiliation.queries import body_directory, classifications_current, rule_tables
from shezu.affiliation.rules import (
    Decision,
    Directory,
    RuleTable,
    decide,
    rules_default,
    rules_load,
    table_for,
)
from shezu.affiliation.subjects import area_label, subject_of
from shezu.census.api import organization_get

CLASSIFIED = ("level", "origin", "legal_form", "field", "founder", "founder_kind", "supervisor")
EXAMPLES = 20  # changes a summary lists by name


@dataclass(frozen=True)
class Change:
    """An organization whose responsibility the run changes (or would change)."""

    org_id: str
    name: str
    before: str  # "body name（属地）", "" when it had none
    after: str
    reason: str


@dataclass
class RunSummary:
    as_of: dt.date
    rule_version: str
    dry_run: bool
    organizations: int = 0
    in_scope: int = 0
    by_mode: Counter[str] = field(default_factory=Counter)  # mode label → organizations
    by_body: Counter[str] = field(default_factory=Counter)  # "code name" → organizations
    by_county: Counter[str] = field(default_factory=Counter)  # county name → organizations
    by_reason: Counter[str] = field(default_factory=Counter)  # change reason → organizations
    follow_up: int = 0
    closed: int = 0  # stretches ended because the organization left the register
    changes: list[Change] = field(default_factory=list)  # the first EXAMPLES
    seeded_bodies: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> int:
        return sum(self.by_reason.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "rule_version": self.rule_version,
            "dry_run": self.dry_run,
            "organizations": self.organizations,
            "in_scope": self.in_scope,
            "by_mode": dict(self.by_mode),
            "by_county": dict(self.by_county),
            "by_body": dict(self.by_body),
            "changed": self.changed,
            "by_reason": dict(self.by_reason),
            "follow_up": self.follow_up,
            "closed": self.closed,
        }


# ---------------------------------------------------------------------------
# Rule versions


def rules_preview(path: Path, *, as_of: dt.date | None = None) -> tuple[RuleTable, RunSummary]:
    """Check a rule file and show what it would change, writing only the fact that it was
    previewed (a version may be adopted only after its preview)."""
    table = _rules_read(path)
    shipped = rules_default()
    if table.version == shipped.version and table.sha256 != shipped.sha256:
        raise RulesError(f"{path.name}：版本名 {table.version} 是内置规则的名称，请换一个版本名")
    existing = RuleVersion.objects.filter(version=table.version).first()
    if existing is not None and existing.adopted_at and existing.sha256 != table.sha256:
        raise RulesError(f"{path.name}：版本 {table.version} 已采用且内容不同，请换一个版本名")
    on = as_of or max(table.effective_from, _last_as_of() or table.effective_from)
    summary = assignment_run(as_of=on, dry_run=True, table=table)
    RuleVersion.objects.update_or_create(
        version=table.version,
        defaults={
            "effective_from": table.effective_from,
            "text": table.text,
            "sha256": table.sha256,
            "previewed_at": timezone.now(),
        },
    )
    return table, summary


def rules_adopt(path: Path, *, by: str = "") -> RuleVersion:
    """Adopt a previewed rule file: from its effective date on, runs use it."""
    table = _rules_read(path)
    version = RuleVersion.objects.filter(version=table.version).first()
    if version is None or version.previewed_at is None:
        raise RulesError(
            f"{path.name}：规则版本 {table.version} 尚未预览；先运行 shezu assign rules-preview"
        )
    if version.sha256 != table.sha256:
        raise RulesError(f"{path.name}：文件在预览后改动过，请重新预览后再采用")
    if version.adopted_at is None:
        version.adopted_at = timezone.now()
        version.adopted_by = by
        version.save(update_fields=["adopted_at", "adopted_by", "updated_at"])
    return version


def _rules_read(path: Path) -> RuleTable:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RulesError(f"{path}：无法读取（{error}）") from None
    return rules_load(text, source=path.name)


def _last_as_of() -> dt.date | None:
    found: dt.date | None = AssignmentRun.objects.aggregate(last=Max("as_of"))["last"]
    return found


# ---------------------------------------------------------------------------
# Overrides


def override_set(org_id: str, attribute: str, value: str, *, reason: str, by: str = "") -> str:
    """Fix one attribute of one organization's classification, with the reason; binds every
    later run. Returns the organization's stable id (an absorbed id resolved)."""
    organization = organization_get(org_id)
    name = v.attribute_name(attribute)
    if not name:
        raise AffiliationError(
            f"没有分类项「{attribute}」（可用：{'、'.join(v.ATTRIBUTE_LABELS.values())}）"
        )
    folded = v.attribute_value(name, value)
    if folded is None or (not folded and name not in ("founder", "supervisor")):
        allowed = "、".join(v.ATTRIBUTE_VALUES.get(name, ()))
        raise AffiliationError(f"{v.ATTRIBUTE_LABELS[name]}不能为「{value}」（可用：{allowed}）")
    if not reason.strip():
        raise AffiliationError("人工更正须写明理由 (--reason)")
    ClassificationOverride.objects.update_or_create(
        org_id=organization.org_id,
        attribute=name,
        defaults={"value": folded, "reason": reason.strip(), "decided_by": by},
    )
    return organization.org_id


def override_clear(org_id: str, attribute: str) -> bool:
    """Withdraw a person's decision; True when there was one. The id as typed or the
    organization that absorbed it: an override made before a merge is still found."""
    organization = organization_get(org_id)
    name = v.attribute_name(attribute)
    deleted, _ = ClassificationOverride.objects.filter(
        org_id__in={org_id.strip().upper(), organization.org_id}, attribute=name
    ).delete()
    return bool(deleted)


# ---------------------------------------------------------------------------
# The run


def assignment_run(
    *,
    as_of: dt.date | None = None,
    dry_run: bool = False,
    table: RuleTable | None = None,
) -> RunSummary:
    """Classify and assign every organization as of `as_of` (today by default)."""
    started = timezone.now()
    on = as_of or timezone.localdate()
    if table is None:
        table = table_for(rule_tables(), on)
    summary = RunSummary(as_of=on, rule_version=table.version, dry_run=dry_run)
    last = Assignment.objects.filter(valid_to__isnull=True).aggregate(last=Max("valid_from"))
    if not dry_run and last["last"] is not None and on < last["last"]:
        raise AffiliationError(
            f"已有自 {last['last'].isoformat()} 起的责任归属，不能按更早的日期 {on.isoformat()} "
            "重新分配（可用 --dry-run 查看）"
        )
    with transaction.atomic():
        if not ResponsibleBody.objects.exists():
            if dry_run:
                raise AffiliationError(
                    "责任主体名录为空：先运行 shezu assign bodies-seed 或 bodies-import"
                )
            summary.seeded_bodies = bodies_seed()
        directory = body_directory()
        _run(table, directory, summary)
        if dry_run:
            transaction.set_rollback(True)
    summary.seconds = (timezone.now() - started).total_seconds()
    return summary


def _run(table: RuleTable, directory: Directory, summary: RunSummary) -> None:
    on = summary.as_of
    current = {a.org_id: a for a in Assignment.objects.filter(valid_to__isnull=True)}
    bodies = {body.code: body for body in ResponsibleBody.objects.all()}
    run = (
        None
        if summary.dry_run
        else AssignmentRun.objects.create(as_of=on, rule_version=table.version)
    )
    classifications: list[Classification] = []
    to_close: list[Assignment] = []
    to_delete: list[int] = []
    to_create: list[Assignment] = []
    seen: set[str] = set()
    for record, result in classifications_current():
        seen.add(record.org_id)
        subject = subject_of(record, result, on)
        decision = decide(table, subject, directory)
        body = bodies[decision.body.code]
        summary.organizations += 1
        summary.in_scope += subject.in_scope
        summary.by_mode[v.MODE_LABELS[decision.mode]] += 1
        summary.by_body[f"{body.code} {body.name}"] += 1
        summary.by_county[area_label(body.area_code)] += 1
        summary.follow_up += bool(decision.follow_up)
        classifications.append(_classification(record.org_id, result))
        old = current.get(record.org_id)
        facts = {**subject.facts(), "rule_version": table.version}
        if old is not None and (old.body_id, old.mode, old.in_scope) == (
            body.pk,
            decision.mode,
            subject.in_scope,
        ):
            if old.follow_up != decision.follow_up or old.facts != facts:
                old.follow_up, old.facts = decision.follow_up, facts
                to_close.append(old)  # saved below with its new notes, still open
            continue
        reason = change_reason(old.facts if old else None, facts)
        summary.by_reason[reason.split("：")[0]] += 1
        if len(summary.changes) < EXAMPLES:
            summary.changes.append(
                Change(
                    record.org_id, record.name, _shown(old, bodies), _label(decision, body), reason
                )
            )
        if old is not None:
            if old.valid_from >= on:
                # Replaced the same day: no stretch of zero days; a first assignment
                # redone the same day is still the first.
                to_delete.append(old.pk)
                reason = "首次分配" if old.reason == "首次分配" else reason
            else:
                old.valid_to = on
                to_close.append(old)
        to_create.append(
            Assignment(
                org_id=record.org_id,
                body=body,
                mode=decision.mode,
                rule=decision.rule,
                rule_version=table.version,
                in_scope=subject.in_scope,
                valid_from=on,
                reason=reason,
                facts=facts,
                follow_up=decision.follow_up,
                run=run,
            )
        )
    # Organizations that left the register (absorbed, vanished from every list): their
    # stretch ends; whoever absorbed them has its own.
    gone = [a for org_id, a in current.items() if org_id not in seen]
    for assignment in gone:
        if assignment.valid_from >= on:
            to_delete.append(assignment.pk)
        else:
            assignment.valid_to = on
            to_close.append(assignment)
    summary.closed = len(gone)
    if summary.dry_run:
        return
    Assignment.objects.filter(pk__in=to_delete).delete()
    Assignment.objects.bulk_update(to_close, ["valid_to", "follow_up", "facts"], batch_size=500)
    Assignment.objects.bulk_create(to_create, batch_size=500)
    Classification.objects.bulk_create(
        classifications,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["org_id"],
        update_fields=[*CLASSIFIED, "evidence", "overridden", "updated_at"],
    )
    # A classification is of an organization in the register; an absorbed or vanished
    # one keeps its history (the stretches), not a classification nobody reads.
    stale = sorted(set(Classification.objects.values_list("org_id", flat=True)) - seen)
    for start in range(0, len(stale), 500):
        Classification.objects.filter(org_id__in=stale[start : start + 500]).delete()
    assert run is not None
    run.summary = summary.as_json()
    run.save(update_fields=["summary", "updated_at"])


def _classification(org_id: str, result: ClassificationResult) -> Classification:
    now = timezone.now()
    return Classification(
        org_id=org_id,
        **{name: result.value(name)[:200] for name in CLASSIFIED},
        evidence=result.evidence,
        overridden=list(result.overridden),
        created_at=now,
        updated_at=now,
    )


def _label(decision: Decision, body: ResponsibleBody) -> str:
    return f"{body.name}（{v.MODE_LABELS[decision.mode]}）"


def _shown(old: Assignment | None, bodies: dict[str, ResponsibleBody]) -> str:
    if old is None:
        return ""
    name = next((b.name for b in bodies.values() if b.pk == old.body_id), str(old.body_id))
    return f"{name}（{v.MODE_LABELS.get(old.mode, old.mode)}）"


# ---------------------------------------------------------------------------
# Reasons


def change_reason(before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    """Why an organization's responsibility changed, in Chinese: the first difference in
    the facts that matters, in the order people ask about them."""
    if before is None:
        return "首次分配"

    def differs(*names: str) -> bool:
        return any(before.get(name) != after.get(name) for name in names)

    if differs("in_scope"):
        return "不再在册" if not after["in_scope"] else "恢复在册"
    if differs("county_code", "township_code", "zone_code"):
        was = before.get("zone") or before.get("township") or before.get("county_code") or "未知"
        now = after.get("zone") or after.get("township") or after.get("county_code") or "未知"
        return f"迁址：{was} → {now}"
    if differs("supervisor"):
        was, now = before.get("supervisor") or "无", after.get("supervisor") or "无"
        return f"业务主管单位变更：{was} → {now}"
    if differs("founder", "founder_kind"):
        was, now = before.get("founder") or "未知", after.get("founder") or "未知"
        return f"举办单位变更：{was} → {now}"
    if differs("rule_version"):
        return f"规则版本变更：{before.get('rule_version')} → {after.get('rule_version')}"
    if differs("level", "legal_form", "field", "origin", "registration_area"):
        return "分类变更"
    return "责任主体名录变更"
