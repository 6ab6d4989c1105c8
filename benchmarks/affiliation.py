"""Classification accuracy against the demo's truth, and the assignment run's speed.

    .venv/bin/python benchmarks/affiliation.py [--scale 1] [--seed 2016] [--facts]

Generates the demo census into a temporary directory (a fresh SQLite database there),
imports and links it, optionally takes in the counties' filled classification workbook
the generator writes (--facts), then runs the assignment. Each register organization is
compared with the true organization most of its records come from (ground_truth.csv):
for field (行业类型), origin (官办/民办/草根) and level, the share right, the share left
unknown (未判定, which the facts workbook is for) and the share wrong, with the commonest
confusions. Prints counts by mode and the run's seconds.
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ATTRIBUTES = ("field", "origin", "level")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--facts", action="store_true", help="import 分类补充_已填.xlsx first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shezu-affiliation-") as tmp:
        os.environ["SHEZU_DATA_DIR"] = tmp
        os.environ.pop("SHEZU_DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shezu.config.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from shezu.affiliation.models import Classification
        from shezu.affiliation.services import assignment_run
        from shezu.census.intake.services import manifest_import
        from shezu.census.register.exports import links_export
        from shezu.census.register.services import register_link
        from shezu.demo.census import generate

        call_command("migrate", verbosity=0)
        demo = generate(Path(tmp) / "demo", scale=args.scale, seed=args.seed)
        manifest_import(manifest=demo.outdir / "manifest.csv")
        run = register_link()
        links = demo.outdir / "links.csv"
        links_export(out=links)
        facts = demo.outdir / "分类补充_已填.xlsx"
        if args.facts:
            from shezu.affiliation.facts import facts_import

            report = facts_import(facts)
            rejected = len({row for row, _, _ in report.rejected})
            print(f"facts workbook: {report.applied:,} rows applied, {rejected} rejected")
        started = time.perf_counter()
        summary = assignment_run()
        seconds = time.perf_counter() - started
        truth = _truth(demo.outdir, links)
        stored = {c.org_id: c for c in Classification.objects.all()}
        print(f"demo scale {args.scale:g}, seed {args.seed}: {run.organizations:,} organizations")
        for attribute in ATTRIBUTES:
            right = unknown = wrong = 0
            confused: Counter[tuple[str, str]] = Counter()
            for org_id, true in truth.items():
                got = getattr(stored[org_id], attribute)
                expected = "全市性" if true[attribute] == "省级" else true[attribute]
                if got == expected:
                    right += 1
                elif not got:
                    unknown += 1
                else:
                    wrong += 1
                    confused[(expected, got)] += 1
            total = right + unknown + wrong
            print(
                f"{attribute:<8} right {right / total:6.1%}  unknown {unknown / total:6.1%}  "
                f"wrong {wrong / total:6.1%}  of {total:,}"
            )
            for (expected, got), count in confused.most_common(3):
                print(f"{'':<10}{expected} → {got}: {count:,}")
        print("by mode: " + ", ".join(f"{k} {v:,}" for k, v in summary.by_mode.items()))
        print(f"follow-up {summary.follow_up:,}; assignment run {seconds:.1f} s")


def _truth(outdir: Path, links: Path) -> dict[str, dict[str, str]]:
    """Register id → the true organization (organizations.csv row) most of its records are."""
    with (outdir / "ground_truth.csv").open(encoding="utf-8") as handle:
        true_of = {(r["file"], r["row"]): r["org_id"] for r in csv.DictReader(handle)}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    with links.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            true = true_of.get((row["file"], row["row"]))
            if true:
                votes[row["org_id"]][true] += 1
    with (outdir / "organizations.csv").open(encoding="utf-8") as handle:
        organizations = {r["org_id"]: r for r in csv.DictReader(handle)}
    return {
        org_id: organizations[counted.most_common(1)[0][0]] for org_id, counted in votes.items()
    }


if __name__ == "__main__":
    main()
