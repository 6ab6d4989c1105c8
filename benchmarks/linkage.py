"""Linkage quality and speed on the demo census, against two baselines, in one run.

    .venv/bin/python benchmarks/linkage.py [--scales 1 20 200] [--workdir DIR]

For each scale: generate the demo census (cached in the work dir), read and normalise
its files as `census import` would (once, into a Parquet file), then link it three
ways, each in its own process so peak memory is its own:

- shezu: `census.linkage.link` — identifier crosswalk, domain features, guarded
  clustering (the register's engine, without the database writes);
- plain Splink: a generic configuration on the names, addresses and phones as the
  departments wrote them — Jaro–Winkler on name, Levenshtein on address, exact phone,
  blocking on equal name / phone / address, connected components at 0.99;
- exact name: records with the same name as written are one organization.

Printed per method: pairwise precision, recall and F1 against ground_truth.csv, the
organizations found against the true number, the share of records in review, link
seconds and peak RSS; for shezu also the recall of the pairs each kind of noise touches
(noise.csv), and how many organizations with that noise ended split.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

METHODS = ("shezu", "plain_splink", "exact_name")
RECORD_COLUMNS = (
    "record_id", "batch", "department", "file", "row", "name", "name_core", "name_region",
    "former_name", "uscc", "uscc_valid", "org_code", "org_code_valid", "tax_id", "tax_id_valid",
    "business_reg_no", "license_no", "category", "address", "county_code", "township", "community",
    "legal_rep", "phones", "established_on", "raw_name", "raw_address", "raw_phone",
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 20, 200])
    parser.add_argument("--workdir", type=Path, default=Path("benchmarks/.linkage"))
    parser.add_argument("--methods", nargs="+", default=list(METHODS))
    parser.add_argument("--run", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_method(args.run, args.data)))
        return
    for scale in args.scales:
        data = prepare(scale, args.workdir)
        for method in args.methods:
            child = subprocess.run(
                [sys.executable, __file__, "--run", method, "--data", str(data)],
                check=True,
                capture_output=True,
                text=True,
            )
            report(scale, method, json.loads(child.stdout.strip().splitlines()[-1]))


def prepare(scale: float, workdir: Path) -> Path:
    """The demo at this scale as records.parquet + truth.csv, built once per scale."""
    out = workdir / f"scale-{scale:g}"
    data = out / "records.parquet"
    if data.exists():
        return out
    partial = out / "records.parquet.partial"
    django_setup()
    import pyarrow as pa
    import pyarrow.parquet as pq

    from shezu.demo.census import generate
    from shezu.demo.census.frames import manifest_records

    started = time.perf_counter()
    if (out / "demo" / "manifest.csv").exists():
        manifest = manifest_summary(out / "demo")
    else:
        generated_manifest = generate(out / "demo", scale=scale)
        manifest = (generated_manifest.organizations, generated_manifest.rows)
    generated = time.perf_counter()
    writer = None
    batch: list[dict[str, Any]] = []
    for record in manifest_records(out / "demo" / "manifest.csv"):
        batch.append({name: record[name] for name in RECORD_COLUMNS})
        if len(batch) == 50_000:
            writer = _write(pq, pa, writer, partial, batch)
            batch = []
    _write(pq, pa, writer, partial, batch).close()
    partial.rename(data)  # only a whole file counts as prepared
    print(
        f"scale {scale:g}: {manifest[0]:,} organizations, {manifest[1]:,} rows; "
        f"generated in {generated - started:.0f} s, read and normalised in "
        f"{time.perf_counter() - generated:.0f} s",
        flush=True,
    )
    return out


def manifest_summary(demo: Path) -> tuple[int, int]:
    """(organizations, rows) of a generated demo, without generating it again."""
    with (demo / "organizations.csv").open(encoding="utf-8") as handle:
        organizations = sum(1 for _ in handle) - 1
    with (demo / "manifest.csv").open(encoding="utf-8") as handle:
        rows = sum(int(line["rows"]) for line in csv.DictReader(handle))
    return organizations, rows


def _schema(pa: Any) -> Any:
    """Fixed column types: a first chunk of one department's rows leaves some all empty."""
    types = {
        "record_id": pa.int64(),
        "batch": pa.int64(),
        "row": pa.int64(),
        "uscc_valid": pa.bool_(),
        "org_code_valid": pa.bool_(),
        "tax_id_valid": pa.bool_(),
        "established_on": pa.date32(),
    }
    return pa.schema([(name, types.get(name, pa.string())) for name in RECORD_COLUMNS])


def _write(pq: Any, pa: Any, writer: Any, path: Path, rows: list[dict[str, Any]]) -> Any:
    table = pa.Table.from_pylist(rows, schema=_schema(pa))
    if writer is None:
        writer = pq.ParquetWriter(path, table.schema)
    writer.write_table(table)
    return writer


def run_method(method: str, data: Path) -> dict[str, Any]:
    django_setup()
    import pyarrow.parquet as pq

    from shezu.census.linkage.evaluate import (
        groups_joined,
        pairwise_scores,
        recall_by_phenomenon,
    )

    path = data / "records.parquet"
    places = pq.read_table(path, columns=["record_id", "file", "row"]).to_pydict()
    truth = _truth(data, places)

    def records() -> Iterator[dict[str, Any]]:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=20_000):
            yield from batch.to_pylist()

    started = time.perf_counter()
    clusters, review = METHOD_FUNCTIONS[method](records())
    seconds = time.perf_counter() - started
    scores = pairwise_scores(clusters, truth)
    phenomena = {}
    negatives = {}
    if method == "shezu":
        by_kind = recall_by_phenomenon(clusters, truth, _noise(data, places))
        phenomena = {kind: dataclasses.astuple(found) for kind, found in by_kind.items()}
        negatives = {
            kind: groups_joined(clusters, truth, groups)
            for kind, groups in _hard_negatives(data).items()
        }
    return {
        "records": len(places["record_id"]),
        "organizations": len(set(clusters.values())),
        "true_organizations": len(set(truth.values())),
        "precision": scores.precision,
        "recall": scores.recall,
        "f1": scores.f1,
        "review_share": review / len(places["record_id"]),
        "seconds": seconds,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "stages": STAGES,
        "phenomena": phenomena,
        "hard_negatives": negatives,
    }


def _places(places: dict[str, list[Any]]) -> dict[tuple[str, int], int]:
    return {
        (file, row): record
        for record, file, row in zip(
            places["record_id"], places["file"], places["row"], strict=True
        )
    }


def _noise(data: Path, places: dict[str, list[Any]]) -> dict[int, list[str]]:
    """record → the noise kinds its row carries."""
    place = _places(places)
    kinds = {}
    with (data / "demo" / "noise.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            record = place.get((line["file"], int(line["row"])))
            if record is not None:
                kinds[record] = line["kinds"].split(";")
    return kinds


# features.csv kinds that name groups of different organizations that look alike.
HARD_NEGATIVES = (
    "city_district", "near_name", "chamber_branch", "same_name", "shared_head", "building",
    "shared_rep",
)  # fmt: skip


def _hard_negatives(data: Path) -> dict[str, list[list[str]]]:
    groups: dict[str, dict[str, list[str]]] = {kind: {} for kind in HARD_NEGATIVES}
    with (data / "demo" / "features.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            if line["feature"] in groups:
                groups[line["feature"]].setdefault(line["group"], []).append(line["org_id"])
    return {
        kind: [members for members in found.values() if len(members) > 1]
        for kind, found in groups.items()
    }


def _truth(data: Path, places: dict[str, list[Any]]) -> dict[int, str]:
    place = _places(places)
    truth = {}
    with (data / "demo" / "ground_truth.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            record = place.get((line["file"], int(line["row"])))
            if record is not None:
                truth[record] = line["org_id"]
    return truth


STAGES: dict[str, float] = {}


def link_shezu(records: Iterator[dict[str, Any]]) -> tuple[dict[int, Any], int]:
    from shezu.census.linkage import link

    result = link(records)
    STAGES.update(result.stage_seconds)
    return result.cluster_of, len(result.review)


def link_plain_splink(records: Iterator[dict[str, Any]]) -> tuple[dict[int, Any], int]:
    import duckdb
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    columns: dict[str, list[Any]] = {"unique_id": [], "name": [], "address": [], "phone": []}
    for r in records:
        columns["unique_id"].append(r["record_id"])
        for name in ("name", "address", "phone"):
            columns[name].append(r[f"raw_{name}"] or None)
    table = pa.table(columns)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88]),
            cl.LevenshteinAtThresholds("address", [2, 5]),
            cl.ExactMatch("phone"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name"),
            block_on("phone"),
            block_on("address"),
        ],
    )
    api = DuckDBAPI(duckdb.connect())
    linker = Linker(api.register(table), settings, log_level=40)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("phone"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.99)
    found = clusters.as_pyarrow_table()
    cluster_of = dict(
        zip(found["unique_id"].to_pylist(), found["cluster_id"].to_pylist(), strict=True)
    )
    pairs = predictions.as_pyarrow_table()["match_probability"].to_pylist()
    unsure = sum(1 for p in pairs if 0.5 <= p < 0.99)
    return cluster_of, unsure


def link_exact_name(records: Iterator[dict[str, Any]]) -> tuple[dict[int, Any], int]:
    return {r["record_id"]: (r["raw_name"] or "").strip() or r["record_id"] for r in records}, 0


METHOD_FUNCTIONS = {
    "shezu": link_shezu,
    "plain_splink": link_plain_splink,
    "exact_name": link_exact_name,
}


def report(scale: float, method: str, figures: dict[str, Any]) -> None:
    print(
        f"scale {scale:>4g} | {method:<12} | records {figures['records']:>9,} | "
        f"orgs {figures['organizations']:>9,} / {figures['true_organizations']:,} | "
        f"P {figures['precision']:.4f} R {figures['recall']:.4f} F1 {figures['f1']:.4f} | "
        f"review {figures['review_share']:.2%} | {figures['seconds']:>7.1f} s | "
        f"{figures['peak_mib']:>6.0f} MiB",
        flush=True,
    )
    if figures.get("phenomena"):
        print("           recall by phenomenon (pairs found / true pairs; organizations split):")
        for kind, (pairs, found, organizations, split) in figures["phenomena"].items():
            recall = found / pairs if pairs else 1.0
            print(
                f"             {kind:<32} {recall:.4f}  {found:>7,} / {pairs:<7,}  "
                f"split {split:>4,} of {organizations:,}"
            )
    if figures.get("hard_negatives"):
        kept = ", ".join(
            f"{kind} {groups - joined}/{groups}"
            for kind, (groups, joined) in figures["hard_negatives"].items()
        )
        print(f"           look-alike groups kept apart: {kept}")
    if figures.get("stages"):
        stages = ", ".join(f"{name} {seconds:.1f}" for name, seconds in figures["stages"].items())
        print(f"           seconds per stage: {stages}", flush=True)


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shezu.config.settings")
    import django

    django.setup()


if __name__ == "__main__":
    main()
