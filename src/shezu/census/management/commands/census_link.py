"""shezu census link: link every source record into the master register and summarise."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shezu.census.linkage import LinkSettings
from shezu.census.linkage.backends import EngineError
from shezu.census.register import RegisterError, register_link
from shezu.census.register_reporting import run_render

DEFAULTS = LinkSettings()


class Command(BaseCommand):
    help = "关联所有来源记录，生成社会组织资料库 (link source records into the register)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
        parser.add_argument(
            "--match",
            type=float,
            default=DEFAULTS.match_probability,
            help="a model pair at or above this probability links by itself",
        )
        parser.add_argument(
            "--review",
            type=float,
            default=DEFAULTS.review_probability,
            help="pairs from here up to --match go to the review queue",
        )
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["review"] <= options["match"] < 1:
            raise CommandError("需要 0 < --review ≤ --match < 1 (thresholds out of order)")
        settings = LinkSettings(
            match_probability=options["match"],
            review_probability=options["review"],
            engine=options["engine"],
        )
        try:
            run = register_link(settings=settings)
        except (RegisterError, EngineError) as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps({"run": run.pk, **run.summary}, ensure_ascii=False))
        else:
            self.stdout.write(run_render(run))
