"""Finding organizations and exporting the register, timed on a linked register.

    .venv/bin/python benchmarks/register.py [--sample 200] [--replicate 10]

Runs on the database SHEZU_DATABASE_URL names (else the local SQLite), which must hold a
linked register: `shezu demo --scale 20`, or `census import` of a demo and `census link`.
Prints:

- the register's size: organizations and name keys;
- writing every organization's name keys, as a first link run does (rolled back);
- `organizations_search` per kind of query, over `--sample` organizations: median, 95th
  percentile and worst milliseconds, and how often the organization was among the results;
- `census export-register`: seconds and peak RSS of a process that only exports; with
  `--replicate N`, again after copying the register's organizations N times under new
  ids (removed afterwards), to show memory stays flat as the register grows.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--replicate", type=int, default=0)
    parser.add_argument("--export", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    django_setup()
    if args.export:
        print(json.dumps(export_once(args.export)))
        return
    from shezu.census.models import Organization, OrganizationNameKey

    organizations = Organization.objects.filter(active=True).count()
    keys = OrganizationNameKey.objects.count()
    print(f"register: {organizations:,} active organizations, {keys:,} name keys")
    export_report("export-register")
    keys_write()
    searches(args.sample)
    if args.replicate:
        with replicas(args.replicate):
            export_report(f"export-register, register × {args.replicate + 1}")


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shezu.config.settings")
    import django

    django.setup()


def keys_write() -> None:
    from django.db import transaction

    from shezu.census.models import Organization
    from shezu.census.register.services import organization_name_keys_write

    organizations = Organization.objects.filter(active=True).only("id", "name", "fields")

    class Rollback(Exception):
        pass

    started = time.perf_counter()
    try:
        with transaction.atomic():
            organization_name_keys_write(organizations=organizations.iterator(chunk_size=2000))
            raise Rollback
    except Rollback:
        pass
    print(f"name keys of every organization written in {time.perf_counter() - started:.1f} s")


def searches(sample: int) -> None:
    from shezu.census.models import Organization
    from shezu.census.normalise.names import normalise_name
    from shezu.census.register.keys import pinyin_initials
    from shezu.census.register.queries import organizations_search

    active = Organization.objects.filter(active=True)
    pks = random.Random(2016).sample(list(active.values_list("pk", flat=True)), sample)
    chosen = list(active.filter(pk__in=pks).order_by("pk"))

    def spaced(code: str) -> str:
        return " ".join(code[i : i + 4] for i in range(0, len(code), 4)).lower()

    def core(name: str) -> str:
        written = normalise_name(name)
        return written.core + written.suffix

    kinds: dict[str, Callable[[Any], str]] = {
        "stable id, lower case": lambda o: o.org_id.lower(),
        "credit code, spaced": lambda o: spaced(o.uscc),
        "organization code": lambda o: o.org_code,
        "name as written": lambda o: o.name,
        "name with a space": lambda o: f"{o.name[:3]} {o.name[3:]}",
        "former name": lambda o: (o.fields.get("former_names") or [""])[0],
        "core name and form": lambda o: core(o.name),
        "pinyin initials": lambda o: (pinyin_initials(o.name) or ("",))[0],
    }
    print(f"organizations_search over {sample} organizations (ms: median / p95 / worst; found)")
    for kind, query_of in kinds.items():
        times, hits, asked = [], 0, 0
        for organization in chosen:
            query = query_of(organization)
            if not query.strip():
                continue
            asked += 1
            started = time.perf_counter()
            found = organizations_search(query, limit=20)
            times.append((time.perf_counter() - started) * 1000)
            hits += organization.org_id in {o.org_id for o in found.organizations}
        if len(times) > 1:
            p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
            print(
                f"  {kind:24} {statistics.median(times):6.1f} / {p95:6.1f} / {max(times):6.1f}"
                f"   {hits}/{asked}"
            )


def export_report(title: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "register.csv"
        child = subprocess.run(
            [sys.executable, __file__, "--export", str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"{title}: {result['rows']:,} rows, {result['megabytes']:.0f} MB in "
        f"{result['seconds']:.1f} s, peak RSS {result['peak_rss_mb']:.0f} MB"
    )


def export_once(out: Path) -> dict[str, float]:
    from shezu.census.register.exports import register_export

    started = time.perf_counter()
    rows = register_export(out=out)
    return {
        "rows": rows,
        "seconds": time.perf_counter() - started,
        "megabytes": out.stat().st_size / 2**20,
        "peak_rss_mb": peak_rss_mb(),
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory. Not getrusage: on Linux a child's ru_maxrss
    starts from its parent's at fork time."""
    status = Path("/proc/self/status").read_text()
    line = next(text for text in status.splitlines() if text.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


class replicas:
    """The register's organizations copied `times` times under ids KMR…, removed on exit.

    The copies have no source records, so their `sources` column is empty."""

    PREFIX = "R"

    def __init__(self, times: int) -> None:
        self.times = times

    def __enter__(self) -> None:
        from shezu.census.models import Organization

        originals = Organization.objects.filter(active=True).exclude(org_id__startswith="R")
        started = time.perf_counter()
        copies: list[Organization] = []
        for copy in range(1, self.times + 1):
            for original in originals.iterator(chunk_size=5000):
                original.pk = None
                original.org_id = f"{self.PREFIX}{copy:02d}{original.org_id[2:]}"
                copies.append(original)
                if len(copies) == 5000:
                    Organization.objects.bulk_create(copies)
                    copies = []
        Organization.objects.bulk_create(copies)
        print(f"copied the register {self.times} times in {time.perf_counter() - started:.0f} s")

    def __exit__(self, *exc: object) -> None:
        from django.db import connection

        # The ORM's delete would load every copy to cascade; the copies have no relations.
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM census_organization WHERE org_id LIKE %s", [f"{self.PREFIX}%"]
            )


if __name__ == "__main__":
    main()
