"""shezu party checks [--area CODE] [--on DATE] [--format text|xlsx] [--out FILE]: the
Party-rule checks of an area on a date (党建规则检查)."""

import argparse
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from shezu.census.api import CITY_CODE
from shezu.commands import DATE_FORMS, ShezuCommand, full_date, output_file
from shezu.party.checks import RULES
from shezu.party.queries import area_name, findings
from shezu.party.reporting import checks_render, checks_workbook, rule_counts


def area_code(text: str) -> str:
    """A Kunming area code: 530100, a county's 6 digits, a township's or zone's 9."""
    code = text.strip()
    if area_name(code) is None:
        raise argparse.ArgumentTypeError(
            f"「{text}」不是昆明市的辖区代码，应为 530100、区县的 6 位或乡镇街道的 9 位代码"
            " (unknown area code)"
        )
    return code


class Command(ShezuCommand):
    help = "党建规则检查：党支部人数、支委会、换届、书记、应建未建等 (Party-rule checks)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--area",
            type=area_code,
            default=CITY_CODE,
            metavar="CODE",
            help="辖区：530100 全市（默认）、区县 6 位或乡镇街道 9 位代码",
        )
        parser.add_argument(
            "--on",
            type=full_date,
            metavar="DATE",
            help=f"按这一天的党员、党组织与任期（默认今天），如 {DATE_FORMS}",
        )
        parser.add_argument(
            "--format",
            choices=("text", "xlsx"),
            default="text",
            help="text 屏幕文本（默认）；xlsx 工作簿，须同时给出 --out",
        )
        parser.add_argument(
            "--out", type=output_file, metavar="FILE", help="写入此文件（xlsx 时必需）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code, out = options["area"], options["out"]
        if options["format"] == "xlsx" and out is None:
            raise CommandError("--format xlsx 须同时给出 --out 文件，如 --out 检查结果.xlsx")
        on = options["on"] or timezone.localdate()
        name = area_name(code) or code
        found = findings(code, on)
        if options["format"] == "xlsx":
            checks_workbook(found, out, area_name=name, area_code=code, on=on)
            # Findings come in the rule table's order, and so do the counts.
            parts = "，".join(f"{RULES[c].label} {n:,}" for c, n in rule_counts(found).items())
            self.stdout.write(
                f"党建规则检查 · {name}（{code}）· 截至 {on.isoformat()}："
                f"{len(found):,} 条{'（' + parts + '）' if parts else ''} → {out}"
            )
        else:
            report = checks_render(found, area_name=name, area_code=code, on=on)
            if out is not None:
                out.write_text(report, encoding="utf-8")
                self.stdout.write(f"党建规则检查 {len(found):,} 条 → {out}")
            else:
                self.stdout.write(report, ending="")
        self.database_line()
