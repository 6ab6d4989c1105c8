"""Generate the demo census: six department files, their mappings and the ground truth.

    generate(outdir, scale=1.0, seed=2016) -> Manifest

Streams: organizations are derived one at a time from (seed, category, index),
their rows go straight to the six department writers, which shuffle only within
chunks of `streams.CHUNK_ROWS`. Memory stays flat at any scale.

Output in outdir: the six files, `mappings/<stem>.yaml`, `manifest.csv`,
`ground_truth.csv` (file,row,org_id,expected), `organizations.csv` (the true
organizations, with founder 举办单位, its kind and the supervising unit),
`features.csv` (org_id,feature,group,name: hard negatives, renamed organizations,
shared buildings and legal representatives …) and `noise.csv` (file,row,org_id,kinds:
the noise each row carries); besides, the classification workbook a county returns
filled in, `分类补充_已填.xlsx`, with `facts_truth.csv` (see `facts`), not in the manifest;
and the counties' five Party files with their truth (see `shezu.demo.party`), listed in
`Manifest.party`.
"""

import csv
import dataclasses
import datetime as dt
import heapq
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from shezu.demo.census.facts import FactsWorkbook
from shezu.demo.census.organizations import Organization, Plan, organization
from shezu.demo.census.records import records
from shezu.demo.census.registration import CATEGORIES, JUSTICE
from shezu.demo.census.sources import SOURCES, XLS_ROW_LIMIT, SourceSpec
from shezu.demo.census.streams import DepartmentStream
from shezu.demo.party import AS_OF as PARTY_AS_OF
from shezu.demo.party import PartyDemoManifest, PartyFiles

PROGRESS_EVERY = 1000
ORGANIZATION_COLUMNS = (
    "org_id",
    "name",
    "category",
    "level",
    "county_code",
    "township",
    "field",
    "origin",
    "founder",
    "founder_kind",
    "supervisor",
    "established_on",
    "status",
)


@dataclass(frozen=True)
class SourceFile:
    file: str
    department: str
    mapping: str  # path relative to outdir
    as_of: dt.date
    rows: int  # organization records, without title, header, blank and totals rows
    fmt: str  # xlsx | xls | csv
    encoding: str  # CSV encoding, "" for workbooks
    sheet: str
    header_row: int
    columns: dict[str, str]  # canonical field → header


@dataclass(frozen=True)
class Manifest:
    outdir: Path
    seed: int
    scale: float
    files: tuple[SourceFile, ...]
    organizations: int
    seconds: float
    facts_rows: int = 0  # rows of the filled-in classification workbook (facts.FILE)
    party: PartyDemoManifest | None = None  # the five Party files (shezu.demo.party)

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    def file(self, department: str) -> SourceFile:
        return next(f for f in self.files if f.department == department)


def schedule(plan: Plan) -> Iterator[tuple[str, int]]:
    """(category, index) of every organization, categories interleaved in proportion."""
    heap = [((0.5 / n), i, c.key, 0) for i, c in enumerate(CATEGORIES) if (n := plan.counts[c.key])]
    heapq.heapify(heap)
    while heap:
        _key, i, category, k = heapq.heappop(heap)
        yield category, k
        n = plan.counts[category]
        if k + 1 < n:
            heapq.heappush(heap, ((k + 1.5) / n, i, category, k + 1))


def source_specs(plan: Plan) -> tuple[SourceSpec, ...]:
    """The six files; 司法 becomes .xlsx when its rows would not fit an .xls sheet."""
    justice_rows = sum(plan.counts[key] for key in JUSTICE)
    return tuple(
        dataclasses.replace(spec, fmt="xlsx")
        if spec.fmt == "xls" and justice_rows > XLS_ROW_LIMIT
        else spec
        for spec in SOURCES
    )


def _features(org: Organization) -> Iterator[tuple[str, str, str, str]]:
    for feature in org.features:
        kind, _, group = feature.partition(":")
        if kind == "hard_negative":
            kind, _, group = group.partition(":")
        yield org.org_id, kind, group, org.name.full


def generate(
    outdir: Path,
    *,
    scale: float = 1.0,
    seed: int = 2016,
    progress: Callable[[int], None] | None = None,
) -> Manifest:
    """Write the demo census into outdir (created if needed).

    `progress(n)` is called with the number of organizations done, every 1,000 and at the end.
    """
    started = time.perf_counter()
    if scale <= 0:
        raise ValueError("scale must be positive")
    outdir = Path(outdir)
    (outdir / "mappings").mkdir(parents=True, exist_ok=True)
    plan = Plan.for_scale(scale)
    specs = source_specs(plan)
    with tempfile.TemporaryDirectory(prefix="shezu-demo-") as work:
        workdir = Path(work)
        streams = {
            spec.department: DepartmentStream(
                spec, outdir, workdir, seed=seed, expected_rows=plan.counts["BA"]
            )
            for spec in specs
        }
        facts = FactsWorkbook(outdir, seed)
        party = PartyFiles(outdir, seed=seed, as_of=PARTY_AS_OF)
        done = 0
        with (
            (outdir / "organizations.csv").open("w", encoding="utf-8", newline="") as org_file,
            (outdir / "features.csv").open("w", encoding="utf-8", newline="") as feature_file,
        ):
            orgs = csv.writer(org_file, lineterminator="\n")
            features = csv.writer(feature_file, lineterminator="\n")
            orgs.writerow(ORGANIZATION_COLUMNS)
            features.writerow(("org_id", "feature", "group", "name"))
            for key, k in schedule(plan):
                org = organization(seed, key, k, plan)
                orgs.writerow(
                    (
                        org.org_id,
                        org.name.full,
                        org.category.label,
                        org.level,
                        org.county.code,
                        org.township,
                        org.field,
                        org.origin,
                        org.founder,
                        org.founder_kind,
                        org.supervisor,
                        org.established_on.isoformat(),
                        org.status,
                    )
                )
                features.writerows(_features(org))
                rows = records(org, seed)
                for record in rows:
                    streams[record.department].add(record)
                facts.add(org)
                party.add(org, rows)
                done += 1
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done)
        counts = {department: stream.finish() for department, stream in streams.items()}
        facts_rows = facts.finish()
        party_manifest = party.finish()
        _concatenate(
            outdir / "ground_truth.csv",
            "file,row,org_id,expected",
            [s.truth_path for s in streams.values()],
        )
        _concatenate(
            outdir / "noise.csv", "file,row,org_id,kinds", [s.noise_path for s in streams.values()]
        )
    if progress is not None:
        progress(done)
    files = tuple(_describe(spec, counts[spec.department]) for spec in specs)
    for spec in specs:
        text = yaml.safe_dump(spec.mapping_document(), allow_unicode=True, sort_keys=False)
        (outdir / "mappings" / f"{spec.stem}.yaml").write_text(text, encoding="utf-8")
    with (outdir / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("file", "department", "mapping", "as_of", "rows"))
        for f in files:
            writer.writerow((f.file, f.department, f.mapping, f.as_of.isoformat(), f.rows))
    seconds = time.perf_counter() - started
    return Manifest(
        outdir, seed, scale, files, done, seconds, facts_rows=facts_rows, party=party_manifest
    )


def _describe(spec: SourceSpec, rows: int) -> SourceFile:
    return SourceFile(
        file=spec.file,
        department=spec.department,
        mapping=f"mappings/{spec.stem}.yaml",
        as_of=spec.as_of,
        rows=rows,
        fmt=spec.fmt,
        encoding=spec.encoding,
        sheet=spec.sheet,
        header_row=spec.header_row,
        columns=spec.mapping(),
    )


def _concatenate(target: Path, header: str, parts: list[Path]) -> None:
    with target.open("w", encoding="utf-8", newline="") as out:
        out.write(header + "\n")
        for part in parts:
            with part.open(encoding="utf-8", newline="") as handle:
                shutil.copyfileobj(handle, out)
