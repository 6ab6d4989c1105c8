"""How a link run and the register's changes read in a terminal, and as JSON."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from rich.table import Table
from rich.text import Text

from shezu.census.labels import FIELD_LABELS, field_label
from shezu.census.models import LinkRun
from shezu.census.models.register import EventKind
from shezu.census.normalise.divisions import county_by_code
from shezu.census.register.queries import Changes
from shezu.census.terminal import console, line

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
