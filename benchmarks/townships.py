"""How many demo organizations with an address get a township (乡镇街道) in the register.

    .venv/bin/python benchmarks/townships.py [--scale 1] [--seed 2016]

Generates the demo census into a temporary directory (SHEZU_DATA_DIR, so a fresh SQLite
database there), imports it, links it, and prints, over active organizations whose golden
record has an address: how many have a township-level unit (a street, town, or the
management zone that stands for one), the share, and how many were flagged
because their road crosses townships and the house number cannot tell which
(township_unresolved).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shezu-townships-") as tmp:
        os.environ["SHEZU_DATA_DIR"] = tmp
        os.environ.pop("SHEZU_DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shezu.config.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from shezu.census.intake.services import manifest_import
        from shezu.census.register.queries import township_coverage
        from shezu.census.register.services import register_link
        from shezu.demo.census import generate

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        demo = generate(Path(tmp) / "demo", scale=args.scale, seed=args.seed)
        manifest_import(manifest=demo.outdir / "manifest.csv")
        run = register_link()
        found = township_coverage()
        print(f"demo scale {args.scale:g}, seed {args.seed}: {run.organizations:,} organizations")
        print(f"{'with an address':<28}{found.with_address:>8,}")
        print(f"{'  with a township or zone':<28}{found.with_township:>8,}{found.share:>9.1%}")
        print(f"{'  road crosses townships':<28}{found.unresolved:>8,}")
        print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
