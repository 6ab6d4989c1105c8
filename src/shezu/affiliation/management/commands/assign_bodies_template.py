"""shezu assign bodies-template OUT.xlsx: the body register as the workbook departments edit."""

from typing import Any

from django.core.management.base import CommandParser

from shezu.affiliation.bodies import bodies_export
from shezu.affiliation.queries import bodies_list
from shezu.commands import ShezuCommand, output_file


class Command(ShezuCommand):
    help = "导出责任主体表，修改后用 bodies-import 导入 (export the body register as xlsx)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=output_file, metavar="OUT.xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        seed = not bodies_list().exists()
        count = bodies_export(options["out"])
        source = "昆明市默认名录（资料库中还没有责任主体）" if seed else "责任主体"
        self.stdout.write(f"已导出{source} {count:,} 个 → {options['out']}")
        self.database_line()
