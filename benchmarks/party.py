"""The counties' Party files imported on the demo register: speed, and the figures they give
against the generator's truth.

    .venv/bin/python benchmarks/party.py [--scale 1] [--seed 2016]

Generates the demo census into a temporary directory (a fresh SQLite database there),
imports, links and assigns it, then imports the five Party files the generator wrote
(党组织, 党员, 书记, 党建指导员, 组织生活) one by one, printing rows, seconds, rows per
second and rejects per file. Then, on the generator's reporting date, the figures the
database gives — Party organizations existing (single, joint), full and probationary
members held, branches below three full members, joint branches over five organizations,
from the same model methods the checks and pages use — beside party_figures.csv, and
how long the Party-rule checks and the city's tree take.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
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
    with tempfile.TemporaryDirectory(prefix="shezu-party-") as tmp:
        os.environ["SHEZU_DATA_DIR"] = tmp
        os.environ.pop("SHEZU_DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shezu.config.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from shezu.affiliation.services import assignment_run
        from shezu.census.intake.services import manifest_import
        from shezu.census.register.services import register_link
        from shezu.demo.census import generate
        from shezu.demo.party import IMPORT_ORDER
        from shezu.party.services import party_import

        call_command("migrate", verbosity=0)
        demo = generate(Path(tmp) / "demo", scale=args.scale, seed=args.seed)
        manifest_import(manifest=demo.outdir / "manifest.csv")
        register_link()
        assignment_run(as_of=max(f.as_of for f in demo.files))
        print(f"demo scale {args.scale:g}, seed {args.seed}")
        total_rows = total_seconds = 0.0
        for kind, name in IMPORT_ORDER:
            started = time.perf_counter()
            report = party_import(demo.outdir / name, kind, by="benchmark")
            seconds = time.perf_counter() - started
            total_rows += report.rows_read
            total_seconds += seconds
            print(
                f"  {name:<14} {report.rows_read:>7,} rows {seconds:7.1f} s "
                f"{report.rows_read / seconds:>8,.0f} rows/s  rejected {report.rejected}, "
                f"warnings {len(report.warnings)}"
            )
        print(
            f"  all files      {total_rows:>7,.0f} rows {total_seconds:7.1f} s "
            f"{total_rows / total_seconds:>8,.0f} rows/s; peak memory "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"
        )
        _figures(demo.outdir)


def _figures(outdir: Path) -> None:
    from shezu.census.api import CITY_CODE
    from shezu.party.models import Member, PartyCoverage, PartyOrganization
    from shezu.party.queries import findings, party_tree
    from shezu.party.vocabulary import BRANCH_KINDS, EstablishmentMode

    with (outdir / "party_figures.csv").open(encoding="utf-8") as handle:
        truth = {row["figure"]: row["value"] for row in csv.DictReader(handle)}
    on = dt.date.fromisoformat(truth["as_of"])
    existing = [p for p in PartyOrganization.objects.all() if p.exists_on(on)]
    ids = {p.pk for p in existing}
    held = [m for m in Member.objects.filter(party_org_id__in=ids) if m.held_on(on)]
    full_by_org: dict[int, int] = dict.fromkeys(ids, 0)
    for m in held:
        if m.is_full_on(on):
            full_by_org[m.party_org_id] += 1  # type: ignore[index]
    covered: dict[int, int] = dict.fromkeys(ids, 0)
    for c in PartyCoverage.objects.filter(party_org_id__in=ids):
        if c.covers_on(on):
            covered[c.party_org_id] += 1
    got = {
        "party_orgs": len(existing),
        "party_orgs_single": sum(p.mode == EstablishmentMode.SINGLE for p in existing),
        "party_orgs_joint": sum(p.mode == EstablishmentMode.JOINT for p in existing),
        "members_full": sum(m.is_full_on(on) for m in held),
        "members_probationary": sum(not m.is_full_on(on) for m in held),
        "branches_under_three_full": sum(
            p.kind in BRANCH_KINDS and full_by_org[p.pk] < 3 for p in existing
        ),
        "joint_over_five": sum(
            p.mode == EstablishmentMode.JOINT and covered[p.pk] > 5 for p in existing
        ),
    }
    print(f"on {on}: figure, from the database, the generator's truth")
    for figure, value in got.items():
        expected = truth.get(figure, "—")
        mark = "" if str(value) == expected else "  ≠"
        print(f"  {figure:<28}{value:>8,}  {expected:>8}{mark}")
    started = time.perf_counter()
    found = findings(CITY_CODE, on)
    checks_seconds = time.perf_counter() - started
    started = time.perf_counter()
    tree = party_tree(CITY_CODE, on)
    tree_seconds = time.perf_counter() - started
    print(
        f"party checks for the city: {len(found):,} findings in {checks_seconds:.2f} s; "
        f"the city's tree ({len(tree)} upper bodies) in {tree_seconds:.2f} s"
    )


if __name__ == "__main__":
    main()
