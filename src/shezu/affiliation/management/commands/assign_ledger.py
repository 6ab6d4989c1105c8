"""shezu assign ledger BODY OUT.xlsx [--below]: a body's responsibility list (责任清单)."""

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from shezu.affiliation.exports import ledger_write
from shezu.affiliation.queries import body_find
from shezu.commands import ShezuCommand, output_file


class Command(ShezuCommand):
    help = "写出一个责任主体的责任清单 (write a body's responsibility list)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("body", metavar="BODY", help="责任主体编号或名称，如 530102")
        parser.add_argument("out", type=output_file, metavar="OUT.xlsx")
        parser.add_argument(
            "--below", action="store_true", help="含下级责任主体的组织 (include bodies below it)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        body = body_find(options["body"])
        rows = ledger_write(body, options["out"], below=options["below"], on=timezone.localdate())
        self.stdout.write(f"{body.name}（{body.code}）责任清单 {rows:,} 个组织 → {options['out']}")
        self.database_line()
