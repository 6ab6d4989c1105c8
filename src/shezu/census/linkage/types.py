"""What goes into and comes out of the linkage engine. No Django here, by design."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, Literal

Engine = Literal["duckdb", "spark"]

# Columns a caller hands in (one per source record); anything else is ignored.
INPUT_COLUMNS: Final = (
    "record_id",
    "batch",
    "department",
    "name",
    "name_core",
    "name_region",
    "former_name",
    "uscc",
    "uscc_valid",
    "org_code",
    "org_code_valid",
    "tax_id",
    "tax_id_valid",
    "business_reg_no",
    "license_no",
    "category",
    "address",
    "county_code",
    "township",
    "community",
    "legal_rep",
    "phones",
    "established_on",
)


@dataclass(frozen=True)
class LinkSettings:
    """Thresholds of one run; every one of them is printed by `census link`."""

    match_probability: float = 0.99  # a model pair at or above links by itself
    review_probability: float = 0.5  # from here up to match_probability: a person decides
    # Two records of one file are usually two organizations (see clusters.py).
    same_file_probability: float = 0.9999
    max_training_pairs: int = 2_000_000
    # Fewer records than this are scored with the bundled parameters (model.py).
    min_training_records: int = 1_000
    seed: int = 2016
    engine: Engine = "duckdb"


@dataclass(frozen=True)
class Decision:
    """A reviewer's verdict on a pair (人工判定): it binds every later run."""

    record_a: int
    record_b: int
    match: bool


@dataclass(frozen=True)
class Link:
    """Why two records are one organization: a rule, the model's fields, or a reviewer."""

    record_a: int
    record_b: int
    kind: str  # uscc | org_code | license | model | reviewer
    probability: float | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewCandidate:
    record_a: int
    record_b: int
    probability: float
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class LinkResult:
    cluster_of: dict[int, int]  # record id → cluster key (the smallest record id in it)
    links: list[Link]
    review: list[ReviewCandidate]
    refused: list[Link]  # pairs the guards kept apart, with the reason in evidence
    model: dict[str, Any]
    counts: dict[str, int]
    stage_seconds: dict[str, float] = field(default_factory=dict)  # where the time went
