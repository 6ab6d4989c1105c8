"""The Party-rule checks as people read them: a terminal report and a workbook (检查结果).

Both list every rule of the table with its count, zeros included, so a clean area reads
as such, then one line (row) per finding in the table's order.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from pathlib import Path

import xlsxwriter

from shezu.party.checks import RULES, Finding, SubjectKind
from shezu.terminal import console, line

SUBJECT_LABELS = {SubjectKind.PARTY_ORG: "党组织", SubjectKind.ORGANIZATION: "社会组织"}

FINDING_COLUMNS = (
    ("检查项", 26),
    ("程度", 8),
    ("对象类型", 10),
    ("编号", 12),
    ("名称", 40),
    ("说明", 70),
    ("规则代码", 26),
)


def checks_title(area_name: str, area_code: str, on: dt.date, found: list[Finding]) -> str:
    return (
        f"党建规则检查 · {area_name}（{area_code}）· 截至 {on.isoformat()} · 共 {len(found):,} 条"
    )


def rule_counts(found: list[Finding]) -> Counter[str]:
    return Counter(finding.rule for finding in found)


def checks_render(found: list[Finding], *, area_name: str, area_code: str, on: dt.date) -> str:
    """The report for a terminal: the title, a count per rule, then each finding."""
    buffer = io.StringIO()
    out = console(buffer)
    line(out, checks_title(area_name, area_code, on, found))
    counts = rule_counts(found)
    for rule in RULES.values():
        line(out, f"  {rule.label}（{rule.severity.label}）：{counts[rule.code]:,}")
    if not found:
        line(out, "未发现问题")
    for finding in found:
        line(out, f"「{finding.label}」{_subject(finding)}：{finding.message}")
    return buffer.getvalue()


def _subject(finding: Finding) -> str:
    if finding.subject_kind is SubjectKind.ORGANIZATION:
        return f"{finding.subject_id} {finding.subject_name}"
    return finding.subject_name


def checks_workbook(
    found: list[Finding], out: Path, *, area_name: str, area_code: str, on: dt.date
) -> None:
    """The workbook: 汇总 (a count per rule) and 检查结果 (one row per finding, header row
    frozen and filtered)."""
    workbook = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False})
    try:
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        text = workbook.add_format({"num_format": "@", "text_wrap": False})
        summary = workbook.add_worksheet("汇总")
        summary.write(0, 0, checks_title(area_name, area_code, on, found), bold)
        for column, title in enumerate(("检查项", "程度", "条数", "依据")):
            summary.write(2, column, title, header)
        counts = rule_counts(found)
        for row, rule in enumerate(RULES.values(), start=3):
            summary.write_string(row, 0, rule.label)
            summary.write_string(row, 1, rule.severity.label)
            summary.write_number(row, 2, counts[rule.code])
            summary.write_string(row, 3, f"domain {rule.source}")
        total_row = 3 + len(RULES)
        summary.write_string(total_row, 0, "合计", bold)
        summary.write_number(total_row, 2, len(found), bold)
        summary.set_column(0, 0, 28)
        summary.set_column(1, 2, 10)
        summary.set_column(3, 3, 16)

        sheet = workbook.add_worksheet("检查结果")
        for column, (title, width) in enumerate(FINDING_COLUMNS):
            sheet.write_string(0, column, title, header)
            sheet.set_column(column, column, width, text)
        for row, finding in enumerate(found, start=1):
            values = (
                finding.label,
                finding.severity.label,
                SUBJECT_LABELS[finding.subject_kind],
                finding.subject_id,
                finding.subject_name,
                finding.message,
                finding.rule,
            )
            for column, value in enumerate(values):
                sheet.write_string(row, column, value)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(found), 1), len(FINDING_COLUMNS) - 1)
        sheet.activate()
    finally:
        workbook.close()
