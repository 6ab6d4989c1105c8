"""shezu party template --kind orgs|members|secretaries|instructors|activities OUT.xlsx:
write an empty template for counties to fill."""

from typing import Any

from django.core.management.base import CommandParser

from shezu.commands import ShezuCommand, output_file
from shezu.party.models import TemplateKind
from shezu.party.templates import template_write


class Command(ShezuCommand):
    help = "生成党建数据填报模板 (write an empty template: Party organizations, members …)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind", required=True, choices=TemplateKind.values, help="模板类型 (template kind)"
        )
        parser.add_argument("out", type=output_file, metavar="OUT.xlsx", help="模板文件")

    def handle(self, *args: Any, **options: Any) -> None:
        template_write(options["kind"], options["out"])
        label = TemplateKind(options["kind"]).label
        self.stdout.write(f"{options['out']}: {label}填报模板 (empty template written)")
