"""shezu census link: link every source record into the master register and summarise."""

import json
import time
from typing import Any

from django.core.management.base import CommandError, CommandParser

from shezu.census.linkage import LinkSettings
from shezu.census.register.reporting import run_render
from shezu.census.register.services import register_link
from shezu.commands import ShezuCommand

DEFAULTS = LinkSettings()
STAGES = {
    "reading": "读取来源记录 reading source records",
    "features": "计算比对特征 features",
    "deterministic": "确定性关联 deterministic links",
    "training": "训练模型 training the model (u sampling, EM)",
    "prediction": "候选对打分 scoring blocked pairs",
    "clustering": "聚类与守卫 clustering with guards",
    "writing": "写入资料库 writing the register",
}


class Command(ShezuCommand):
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

    def _progress(self, stage: str) -> None:
        started = getattr(self, "_started", None) or time.perf_counter()
        self._started = started
        elapsed = time.perf_counter() - started
        self.stdout.write(f"[{elapsed:6.1f} s] {STAGES.get(stage, stage)}")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["review"] <= options["match"] < 1:
            raise CommandError("需要 0 < --review ≤ --match < 1 (thresholds out of order)")
        settings = LinkSettings(
            match_probability=options["match"],
            review_probability=options["review"],
            engine=options["engine"],
        )
        progress = None if options["json"] else self._progress
        run = register_link(settings=settings, progress=progress)
        if options["json"]:
            self.stdout.write(json.dumps({"run": run.pk, **run.summary}, ensure_ascii=False))
        else:
            self.stdout.write(run_render(run), ending="")
            self.database_line()
