"""The demo's Party files import on top of the demo register with exactly the rejects the
generator planted: no more (every accepted row resolves), no fewer."""

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from shezu.demo.census import Manifest, generate
from shezu.demo.party import IMPORT_ORDER

pytestmark = pytest.mark.django_db

SCALE = 0.1
SEED = 2016


@pytest.fixture
def demo(tmp_path: Path) -> Manifest:
    from shezu.affiliation.services import assignment_run
    from shezu.census.intake.services import manifest_import
    from shezu.census.register.services import register_link

    manifest = generate(tmp_path / "demo", scale=SCALE, seed=SEED)
    manifest_import(manifest=manifest.outdir / "manifest.csv")
    register_link()
    assignment_run(as_of=max(f.as_of for f in manifest.files))
    return manifest


def planted_rows(outdir: Path) -> dict[str, set[int]]:
    rows: dict[str, set[int]] = defaultdict(set)
    with (outdir / "party_truth.csv").open(encoding="utf-8", newline="") as handle:
        for line in csv.DictReader(handle):
            if line["expected"] == "rejected":
                rows[line["file"]].add(int(line["row"]))
    return rows


def test_the_demo_party_files_import_with_exactly_the_planted_rejects(demo: Manifest) -> None:
    from shezu.party.services import party_import

    planted = planted_rows(demo.outdir)
    assert sum(len(rows) for rows in planted.values()) >= 7
    for kind, name in IMPORT_ORDER:
        report = party_import(demo.outdir / name, kind, by="demo")
        rejected = {row for row, _column, _message in report.rejections}
        assert rejected == planted[name], (name, sorted(report.rejections)[:10])


def test_the_reporting_date_is_after_the_census(demo: Manifest) -> None:
    assert demo.party is not None
    assert demo.party.as_of == dt.date(2016, 10, 31)
    assert max(f.as_of for f in demo.files) < demo.party.as_of
