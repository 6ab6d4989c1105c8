"""shezu census changes --since DATE [--until DATE] [--kind K …] [--limit N] [--json | --xlsx F]

What changed in the register (变动), by the date of the data that showed it.
"""

import argparse
import json
from typing import Any

from django.core.management.base import CommandParser

from shezu.census.models.register import EventKind
from shezu.census.register.exports import changes_export
from shezu.census.register.queries import CHANGE_ORDER, changes_since
from shezu.census.register.reporting import changes_json, changes_render
from shezu.commands import DATE_FORMS, ShezuCommand, full_date, output_file, positive

SHOWN = 50  # rows per kind on a terminal; the counts are always complete
# Each kind by its code or its Chinese name: `--kind renamed` or `--kind 更名`.
KIND_WORDS = {kind.value: kind.value for kind in EventKind} | {
    str(kind.label): kind.value for kind in EventKind
}
KINDS_SHOWN = "、".join(f"{kind.label} {kind.value}" for kind in CHANGE_ORDER)


def event_kind(text: str) -> str:
    """An argparse type: a change kind by its code or its Chinese name."""
    kind = KIND_WORDS.get(text.strip())
    if kind is None:
        raise argparse.ArgumentTypeError(
            f"没有「{text}」这种变动，可选 {KINDS_SHOWN} (unknown kind)"
        )
    return kind


class Command(ShezuCommand):
    help = "列出一段数据日期内台账的变动 (register changes by the data's date)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since",
            required=True,
            type=full_date,
            metavar="DATE",
            help=f"数据日期从这一天起（含），如 {DATE_FORMS}",
        )
        parser.add_argument(
            "--until", type=full_date, metavar="DATE", help="数据日期到这一天止（含）；默认不限"
        )
        parser.add_argument(
            "--kind",
            action="append",
            type=event_kind,
            metavar="KIND",
            help=f"只列这种变动，可重复：{KINDS_SHOWN}",
        )
        parser.add_argument(
            "--limit",
            type=positive,
            metavar="N",
            help=f"每种变动最多列出 N 条（终端默认 {SHOWN}，--json 默认全部）；总数总是完整的",
        )
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", help="以 JSON 输出 (as JSON)")
        output.add_argument(
            "--xlsx",
            type=output_file,
            metavar="OUT.xlsx",
            help="把全部变动写入一个工作表 (every change, one sheet)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        changes = changes_since(
            since=options["since"], until=options["until"], kinds=options["kind"] or ()
        )
        if options["json"]:
            payload = changes_json(changes, limit=options["limit"])
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        if options["xlsx"]:
            count = changes_export(changes=changes, out=options["xlsx"])
            self.stdout.write(changes_render(changes, limit=0), ending="")
            self.stdout.write(f"已导出 {count:,} 条变动 → {options['xlsx']}")
        else:
            self.stdout.write(changes_render(changes, limit=options["limit"] or SHOWN), ending="")
        self.database_line()
