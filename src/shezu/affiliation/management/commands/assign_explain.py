"""shezu assign explain ORG [--on DATE]: why an organization has the responsible body it has."""

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from shezu.affiliation.queries import explanation
from shezu.affiliation.reporting import explanation_render
from shezu.commands import DATE_FORMS, ShezuCommand, full_date


class Command(ShezuCommand):
    help = "说明一个组织由谁负责、依据哪条规则 (explain an organization's responsibility)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("org", metavar="ORG", help="组织编号，如 KM0000123")
        parser.add_argument(
            "--on",
            type=full_date,
            metavar="DATE",
            help=f"按这一天的规则与事实（默认今天），如 {DATE_FORMS}",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        found = explanation(options["org"], options["on"] or timezone.localdate())
        self.stdout.write(explanation_render(found), ending="")
