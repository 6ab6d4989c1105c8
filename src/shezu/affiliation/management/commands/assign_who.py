"""shezu assign who ORG [--on DATE]: the body responsible for an organization on a date."""

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from shezu.affiliation import vocabulary as v
from shezu.affiliation.queries import responsible_on
from shezu.commands import DATE_FORMS, ShezuCommand, full_date


class Command(ShezuCommand):
    help = "某日由谁负责某组织 (who was responsible for an organization on a date)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("org", metavar="ORG", help="组织编号，如 KM0000123")
        parser.add_argument(
            "--on", type=full_date, metavar="DATE", help=f"日期（默认今天），如 {DATE_FORMS}"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        on = options["on"] or timezone.localdate()
        found = responsible_on(options["org"], on)
        if found is None:
            self.stdout.write(
                f"{options['org'].strip().upper()} 在 {on.isoformat()} 没有责任归属记录"
            )
            return
        until = found.valid_to.isoformat() if found.valid_to else "至今"
        self.stdout.write(
            f"{found.org_id} 在 {on.isoformat()} 由「{found.body.name}」（{found.body.code}）负责，"
            f"{v.MODE_LABELS[found.mode]}，规则 {found.rule}（{found.rule_version}），"
            f"{found.valid_from.isoformat()} – {until}，原因：{found.reason}"
        )
