"""shezu census rejects BATCH OUT.xlsx: the rejected rows of a batch, for the department to fix."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shezu.census.errors import IntakeError
from shezu.census.intake.exports import rejects_export
from shezu.census.intake.queries import batch_get


class Command(BaseCommand):
    help = "导出批次的退回行 (export a batch's rejected rows as xlsx)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch", type=int)
        parser.add_argument("out", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            batch = batch_get(batch_id=options["batch"])
        except IntakeError as error:
            raise CommandError(str(error)) from error
        count = rejects_export(batch=batch, out=options["out"])
        self.stdout.write(f"已导出 {count} 行退回记录 → {options['out']}")
