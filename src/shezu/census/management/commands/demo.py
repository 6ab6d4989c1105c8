"""shezu demo: make the synthetic Kunming census and run the pipeline on it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shezu.census.demo.generate import generate
from shezu.census.errors import IntakeError
from shezu.census.reporting import summaries_render
from shezu.census.services import manifest_import


class Command(BaseCommand):
    help = "生成昆明演示数据并运行摸底导入 (generate the demo census and import it)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, default=Path("var/demo"), help="演示数据目录")
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=2016)

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        manifest = out / "manifest.csv"
        if not manifest.exists():
            self.stdout.write(f"生成演示数据 → {out} …")
            generate(out, scale=options["scale"], seed=options["seed"])
        try:
            summaries = manifest_import(manifest=manifest)
        except IntakeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(summaries_render(summaries), ending="")
