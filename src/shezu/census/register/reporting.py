"""How a link run, the register's changes and one organization read in a terminal, and as JSON."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from rich.console import Console
from rich.table import Table
from rich.text import Text

from shezu.census.labels import FIELD_LABELS, field_label
from shezu.census.models import LinkRun, Organization, OrganizationEvent, SourceRecord
from shezu.census.models.register import EventKind
from shezu.census.normalise.divisions import county_by_code
from shezu.census.register.golden import GOLDEN_FIELDS
from shezu.census.register.queries import Changes, OrganizationDetail, OrganizationSearch
from shezu.census.verification.queries import FLAG_REASONS
from shezu.terminal import console, line, local_time

_ROWS = (
    ("records", "来源记录 records"),
    ("organizations", "组织 organizations"),
    ("deterministic_links", "确定性关联 deterministic links"),
    ("filing_links", "备案名录重复关联 filing duplicates"),
    ("probabilistic_links", "概率关联 probabilistic links"),
    ("reviewer_links", "人工判定关联 reviewer links"),
    ("review_items", "待审核 review items"),
    ("refused_links", "拒绝的关联 refused links"),
    ("conflicts", "有冲突的组织 organizations with conflicts"),
    ("flagged", "需核实的组织 organizations to verify"),
    ("new", "新增组织 new organizations"),
)


def run_render(run: LinkRun) -> str:
    buffer = io.StringIO()
    out = console(buffer)
    table = Table(title=f"关联运行 #{run.pk} · {run.engine} · {run.seconds:.1f} s")
    table.add_column("项目")
    table.add_column("数量", justify="right")
    for key, label in _ROWS:
        if key in run.summary:
            table.add_row(label, f"{run.summary[key]:,}")
    out.print(table)
    summary = run.summary
    if summary.get("labelled_pairs"):
        share = summary["labelled_pairs_model_linked"] / summary["labelled_pairs"]
        out.print(
            f"模型自检：跨部门统一社会信用代码相同的 {summary['labelled_pairs']:,} 对记录中，"
            f"模型单独即关联 {share:.1%} (model check on credit-code labelled pairs)"
        )
    if run.model.get("parameters") == "bundled":
        out.print(
            "记录太少，无法从数据中训练模型，已使用内置参数（在演示数据上训练） "
            "(too few records to train on: bundled parameters used)"
        )
    stages = summary.get("stage_seconds") or {}
    if stages:
        out.print(
            "各阶段耗时 seconds per stage: "
            + "，".join(f"{name} {seconds:.1f}" for name, seconds in stages.items())
        )
    settings = run.settings
    out.print(
        f"阈值：≥ {settings['match_probability']} 自动关联，"
        f"{settings['review_probability']} – {settings['match_probability']} 进入人工审核；"
        f"同一文件两条记录需 ≥ {settings['same_file_probability']}"
    )
    return buffer.getvalue()


def _value(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field == "county_code" and isinstance(value, str):
        county = county_by_code(value)
        return f"{value} {county.name}" if county else value
    return str(value)


def change_text(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """`名称: 旧 → 新；地址: …` for the fields an event changed."""
    parts = []
    # A fixed order: PostgreSQL's jsonb does not keep the keys' order; place before street.
    order = ["name", "status", "status_date", "county_code", "township", *FIELD_LABELS]
    fields = sorted(
        {*before, *after}, key=lambda f: (order.index(f) if f in order else len(order), f)
    )
    for field in fields:
        label = field_label(field)
        if field not in before:
            parts.append(f"{label}: {_value(field, after[field])}")
        else:
            old, new = _value(field, before[field]), _value(field, after.get(field))
            parts.append(f"{label}: {old} → {new}")
    return "；".join(parts) or "—"


def _window(changes: Changes) -> str:
    since = changes.since.isoformat()
    return f"{since} 至 {changes.until.isoformat()} " if changes.until else f"{since} 起"


def changes_json(changes: Changes, *, limit: int | None = None) -> dict[str, Any]:
    """The window, the count of each kind and its events (the first `limit`, or all)."""
    return {
        "since": changes.since.isoformat(),
        "until": changes.until.isoformat() if changes.until else None,
        "counts": changes.counts,
        "changes": {
            kind: [
                {
                    "org_id": event.organization.org_id,
                    "name": event.organization.name,
                    "as_of": event.as_of.isoformat() if event.as_of else None,
                    "before": event.before,
                    "after": event.after,
                    "recorded_at": timezone.localtime(event.happened_at).isoformat(),
                }
                for event in events
            ]
            for kind, events in changes.listed(limit).items()
        },
    }


def changes_render(changes: Changes, *, limit: int) -> str:
    """A table per kind with its first `limit` events (none for 0), and every kind's count."""
    buffer = io.StringIO()
    out = console(buffer)
    line(out, f"数据日期 {_window(changes)}的变动 (register changes by the data's date)")
    for kind, events in (changes.listed(limit) if limit else {}).items():
        if not events:
            continue
        count = changes.counts[kind]
        table = Table(title=f"{EventKind(kind).label} {kind} · {count:,}")
        table.add_column("组织编号")
        table.add_column("名称")
        table.add_column("变化")
        table.add_column(field_label("as_of"))
        for event in events:
            table.add_row(
                event.organization.org_id,
                Text(event.organization.name),
                Text(change_text(event.before, event.after)),
                event.as_of.isoformat() if event.as_of else "",
            )
        out.print(table)
        if count > len(events):
            more = f"{count - len(events):,}"
            line(out, f"  … 另有 {more} 条未列出，--xlsx 可导出全部 ({more} more)")
    counts = "，".join(f"{EventKind(kind).label} {n:,}" for kind, n in changes.counts.items())
    total = changes.total
    line(out, f"{counts}（共 {total:,}）" if total else f"{counts}；无变动 (no changes)")
    return buffer.getvalue()


# ---------------------------------------------------------------- one organization


def _shown(field: str, value: Any) -> str:
    """A golden value as people read it: lists joined, a county with its name, none as —."""
    if isinstance(value, list | tuple):
        return "、".join(str(item) for item in value if item not in (None, "")) or "—"
    return _value(field, value)


def _source_text(field: str, source: Mapping[str, Any], chosen: Any) -> str:
    """``民政 民政.xlsx:12（2016-03-31）``, with the value when it is not the chosen one."""
    where = f"{source.get('department', '')} {source.get('file', '')}:{source.get('row', '')}"
    text = f"{where}（{source.get('as_of', '')}）"
    value = source.get("value")
    return text if value == chosen else f"{text}：{_shown(field, value)}"


def _name_as_written(record: SourceRecord) -> str:
    """The name cell as the department wrote it; the normalised name when none is kept."""
    header = (record.batch.mapping or {}).get("name")
    written = record.raw.get(header) if header and isinstance(record.raw, dict) else None
    return str(written).strip() if written not in (None, "") else record.name


def search_missed(search: OrganizationSearch) -> str:
    """One line: what was looked for, and by which keys."""
    return (
        f"未找到「{search.query}」：已按{'、'.join(search.tried)}查找 "
        "(no organization of the register matches)"
    )


def search_list_render(search: OrganizationSearch) -> str:
    buffer = io.StringIO()
    out = console(buffer)
    table = Table(title=f"按{search.found_by}找到「{search.query}」· {search.total}")
    for title in ("序号", "组织编号", "名称", "区县", "状态"):
        table.add_column(title, justify="right" if title == "序号" else "left")
    for number, org in enumerate(search.organizations, start=1):
        county = _value("county_code", org.county_code)
        table.add_row(str(number), org.org_id, Text(org.name), county, org.status or "—")
    out.print(table)
    if search.total > len(search.organizations):
        line(out, f"仅列出前 {len(search.organizations)} 个 (first {len(search.organizations)})")
    line(
        out,
        f"共 {search.total} 个组织，请用组织编号查看其一，如 shezu census show "
        f"{search.organizations[0].org_id} (several organizations match: show one by its id)",
    )
    return buffer.getvalue()


def search_list_json(search: OrganizationSearch) -> dict[str, Any]:
    return {
        "query": search.query,
        "found_by": search.found_by,
        "total": search.total,
        "organizations": [
            {
                "org_id": org.org_id,
                "name": org.name,
                "county_code": org.county_code,
                "county": _county(org.county_code),
                "status": org.status,
            }
            for org in search.organizations
        ],
    }


def _county(code: str) -> str:
    county = county_by_code(code) if code else None
    return county.name if county else ""


def organization_json(detail: OrganizationDetail, search: OrganizationSearch) -> dict[str, Any]:
    org = detail.organization
    provenance = org.provenance or {}
    return {
        "query": search.query,
        "found_by": search.found_by,
        "absorbed_id": search.absorbed_id or None,
        "org_id": org.org_id,
        "name": org.name,
        "active": org.active,
        "fields": {
            field: {
                "label": field_label(field),
                "value": value,
                "sources": [
                    {
                        key: source.get(key)
                        for key in ("department", "file", "row", "as_of", "value")
                    }
                    for source in provenance.get(field) or []
                ],
            }
            for field, value in _golden_fields(org)
        },
        "conflicts": org.conflicts,
        "missing": org.missing,
        "flags": org.flags,
        "records": [
            {
                "id": record.pk,
                "department": record.batch.department,
                "file": record.batch.file_name,
                "row": record.row_number,
                "as_of": record.batch.as_of.isoformat(),
                "name": _name_as_written(record),
            }
            for record in detail.records
        ],
        "events": [
            {
                "kind": event.kind,
                "label": EventKind(event.kind).label,
                "happened_at": timezone.localtime(event.happened_at).isoformat(),
                "before": event.before,
                "after": event.after,
            }
            for event in detail.events
        ],
        "tasks": [
            {
                "id": task.pk,
                "reasons": task.reasons,
                "opened_at": timezone.localtime(task.created_at).isoformat(),
            }
            for task in detail.tasks
        ],
    }


def _golden_fields(org: Organization) -> list[tuple[str, Any]]:
    """The golden record's fields in the register's order (jsonb keeps no order)."""
    fields = org.fields or {}
    return [(f, fields.get(f)) for f in GOLDEN_FIELDS] + sorted(
        (f, value) for f, value in fields.items() if f not in GOLDEN_FIELDS
    )


def organization_render(detail: OrganizationDetail, search: OrganizationSearch) -> str:
    org = detail.organization
    buffer = io.StringIO()
    out = console(buffer)
    line(out, f"{org.org_id} {org.name}（按{search.found_by}找到「{search.query}」）")
    if search.absorbed_id:
        line(out, f"{search.absorbed_id} 已并入 {org.org_id} (merged into {org.org_id})")
    if not org.active:
        line(out, "此组织已停用：不再有来源记录属于它 (inactive: no source record is in it)")
    _golden_table(out, org)
    if org.missing:
        missing = "、".join(field_label(field) for field in org.missing)
        line(out, f"缺项 missing: {missing}")
    _conflicts_table(out, org)
    if org.flags:
        flags = (f"{f}（{FLAG_REASONS[f]}）" if f in FLAG_REASONS else f for f in org.flags)
        line(out, f"标记 flags: {'、'.join(flags)}")
    records = Table(title=f"来源记录 source records · {len(detail.records)}")
    for title in ("部门", "文件:行", "数据日期", "名称（原文）"):
        records.add_column(title)
    for record in detail.records:
        records.add_row(
            record.batch.department,
            Text(f"{record.batch.file_name}:{record.row_number}"),
            record.batch.as_of.isoformat(),
            Text(_name_as_written(record)),
        )
    out.print(records)
    _events_table(out, detail.events)
    if detail.tasks:
        tasks = Table(title=f"未完成的核实任务 open verification tasks · {len(detail.tasks)}")
        for title in ("任务", "开立", "原因"):
            tasks.add_column(title)
        for task in detail.tasks:
            tasks.add_row(f"#{task.pk}", local_time(task.created_at), Text("；".join(task.reasons)))
        out.print(tasks)
    else:
        line(out, "无未完成的核实任务 (no open verification task)")
    return buffer.getvalue()


def _golden_table(out: Console, org: Organization) -> None:
    table = Table(title="主记录 golden record")
    table.add_column("字段")
    table.add_column("值")
    table.add_column("来源 department file:row（数据日期）")
    provenance = org.provenance or {}
    for field, value in _golden_fields(org):
        sources = [_source_text(field, s, value) for s in provenance.get(field) or []]
        shown = _shown(field, value) + ("（缺）" if field in org.missing else "")
        table.add_row(field_label(field), Text(shown), Text("\n".join(sources)))
    out.print(table)


def _conflicts_table(out: Console, org: Organization) -> None:
    if not org.conflicts:
        return
    table = Table(title=f"冲突 conflicts · {len(org.conflicts)}")
    for title in ("字段", "原因", "值", "来源"):
        table.add_column(title)
    for conflict in org.conflicts:
        field = str(conflict.get("field", ""))
        for number, item in enumerate(conflict.get("values") or []):
            table.add_row(
                field_label(field) if number == 0 else "",
                Text(str(conflict.get("reason", ""))) if number == 0 else "",
                Text(_shown(field, item.get("value"))),
                Text("；".join(item.get("sources") or [])),
            )
    out.print(table)


def _events_table(out: Console, events: list[OrganizationEvent]) -> None:
    if not events:
        line(out, "无变动记录 (no events)")
        return
    table = Table(title=f"变动 events · {len(events)}（新的在前 newest first）")
    for title in ("时间", "变动", "变化"):
        table.add_column(title)
    for event in events:
        table.add_row(
            local_time(event.happened_at),
            EventKind(event.kind).label,
            Text(change_text(event.before, event.after)),
        )
    out.print(table)
