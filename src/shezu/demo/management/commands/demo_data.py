"""`shezu demo-data OUTDIR [--scale N] [--seed S]`: write the synthetic demo census."""

from typing import Any

from django.core.management.base import CommandParser

from shezu.commands import ShezuCommand, output_folder
from shezu.demo.census import facts, generate


class Command(ShezuCommand):
    help = (
        "生成演示数据：六个部门的摸底文件、字段映射、分类补充信息表与真值 (synthetic "
        "department files, mappings, manifest, a filled-in classification workbook and "
        "ground truth)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "outdir", type=output_folder, metavar="OUTDIR", help="输出目录 (created if missing)"
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="规模：1 ≈ 4,900 个组织 (default 1)"
        )
        parser.add_argument("--seed", type=int, default=2016, help="随机种子 (default 2016)")

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 2

        def progress(done: int) -> None:
            if verbose and done % 100_000 == 0:
                self.stderr.write(f"  {done:,} 个组织…")

        manifest = generate(
            options["outdir"], scale=options["scale"], seed=options["seed"], progress=progress
        )
        for source in manifest.files:
            self.stdout.write(f"  {source.file}  {source.rows:,} 行")
        rows = f"{manifest.facts_rows:,} 行"
        self.stdout.write(f"  {facts.FILE}  {rows} (分类补充信息，不在清单中 not in manifest.csv)")
        self.stdout.write(
            f"{len(manifest.files)} 个文件 (files), {manifest.rows:,} 行 (rows), "
            f"{manifest.organizations:,} 个组织 (organizations), {manifest.seconds:.1f} 秒 "
            f"→ {manifest.outdir}"
        )
