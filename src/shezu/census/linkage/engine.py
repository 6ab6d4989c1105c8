"""`link(records)`: source records in, organizations (clusters) and explained links out.

1. Deterministic links (确定性关联): equal valid credit codes; equal organization codes,
   also those read out of credit codes and old tax numbers; equal licence numbers
   within one department. Grouped by key, so a code shared by n records costs n − 1
   links, not n² pairs. Then a group one street filed twice (filing duplicates), and the
   files that list organizations twice by design (found by their repeated identifiers).
2. Splink scores the blocked pairs with a model trained on the data itself (u by random
   sampling, m by EM, the prior from the deterministic rules, names weighed by the
   organizations that carry them) — no labels needed.
3. Clustering with guards (clusters.py), strongest evidence first: reviewers' matches,
   identifiers, filing duplicates, then model pairs by probability. Pairs between the
   review and match thresholds that did not end in one cluster go to review, as do
   same-file pairs the guards deferred — unless a reviewer already decided them (ADR 0009).
"""

from __future__ import annotations

import logging
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from shezu.census.linkage import model
from shezu.census.linkage.backends import database_api
from shezu.census.linkage.clusters import Clustering, RecordKeys, offer_all
from shezu.census.linkage.features import features
from shezu.census.linkage.frequencies import name_frequencies
from shezu.census.linkage.types import Decision, Link, LinkResult, LinkSettings, ReviewCandidate

log = logging.getLogger(__name__)

# Deterministic keys, strongest first, with the rule name a link records.
IDENTIFIER_KEYS = (("uscc_key", "uscc"), ("org_code_key", "org_code"), ("license_key", "license"))
COMPARISONS = (
    "name",
    "name_suffix",
    "name_region",
    "code_body",
    "address",
    "phone",
    "legal_rep",
    "category",
    "established_on",
)


class _Stages:
    """Times each stage of a run and tells the caller which one is starting."""

    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self._progress = progress
        self.seconds: dict[str, float] = {}
        self._current: tuple[str, float] | None = None

    def __call__(self, name: str) -> None:
        self.done()
        if self._progress:
            self._progress(name)
        self._current = (name, time.perf_counter())

    def done(self) -> None:
        if self._current:
            name, started = self._current
            self.seconds[name] = round(time.perf_counter() - started, 1)
            self._current = None


def link(
    records: Iterable[Mapping[str, Any]],
    settings: LinkSettings | None = None,
    decisions: Sequence[Decision] = (),
    progress: Callable[[str], None] | None = None,
) -> LinkResult:
    settings = settings or LinkSettings()
    started = time.perf_counter()
    stage = _Stages(progress)
    stage("features")
    table = features(records)
    stage("deterministic")
    identifier_links = deterministic_links(table)
    clustering = Clustering(
        _record_keys(table),
        settings.same_file_probability,
        lists_twice=batches_listing_twice(table),
    )
    for decision in decisions:
        if not decision.match:
            clustering.forbid(decision.record_a, decision.record_b)
    decided = {_pair(d.record_a, d.record_b) for d in decisions}
    reviewer = [Link(*_pair(d.record_a, d.record_b), kind="reviewer") for d in decisions if d.match]
    counts = {"records": table.num_rows}
    counts["reviewer_links"] = offer_all(clustering, reviewer, strong=True)
    counts["deterministic_links"] = offer_all(clustering, identifier_links, strong=True)
    counts["filing_links"] = offer_all(clustering, filing_duplicates(table), strong=True)
    counts["batches_listing_twice"] = len(clustering.lists_twice)
    predicted, model_json = _scored_pairs(table, settings, stage, clustering.lists_twice)
    stage("clustering")
    scored = predicted.links(_trade_names(table))
    confident = [p for p in scored if (p.probability or 0) >= settings.match_probability]
    counts["probabilistic_links"] = offer_all(clustering, confident, strong=False)
    counts |= _model_check(table, confident)
    review = _review(clustering, scored, settings, decided, predicted)
    links = [predicted.explained(link) for link in clustering.links]
    refused = [predicted.explained(link) for link in clustering.refused]
    cluster_of = clustering.cluster_of()
    counts |= {
        "scored_pairs": len(scored),
        "organizations": len(set(cluster_of.values())),
        "review_items": len(review),
        "refused_links": len(clustering.refused),
        "seconds": round(time.perf_counter() - started),
    }
    stage.done()
    return LinkResult(
        cluster_of, links, review, refused, model_json, counts, stage_seconds=stage.seconds
    )


def deterministic_links(table: pa.Table) -> list[Link]:
    links: list[Link] = []
    for column, rule in IDENTIFIER_KEYS:
        groups = (
            table.filter(pc.is_valid(table[column]))
            .group_by(column)
            .aggregate([("unique_id", "list")])
        )
        for key, ids in zip(
            groups[column].to_pylist(), groups["unique_id_list"].to_pylist(), strict=True
        ):
            first, *rest = sorted(ids)
            links += [Link(first, other, rule, 1.0, {"rule": rule, "value": key}) for other in rest]
    return links


# A file whose rows share an identifier this often lists organizations twice by design.
LISTS_TWICE_SHARE = 0.05
LISTS_TWICE_MIN_REPEATS = 3
FILED = "备案"


def batches_listing_twice(table: pa.Table) -> frozenset[int]:
    """Files that list one organization in several rows (the tax list: one row from the
    national bureau, one from the local bureau): many of their rows share an identifier
    with another row of the same file.

    Two rows of such a file are no sign of two organizations, so the same-file guard
    (clusters.py) does not hold them apart.
    """
    sizes = Counter(table["batch"].to_pylist())
    repeated: Counter[int] = Counter()  # rows repeating another's identifier, by the best key
    for column, _rule in IDENTIFIER_KEYS:
        rows = table.filter(pc.is_valid(table[column])).select([column, "batch"])
        groups = rows.group_by([column, "batch"]).aggregate([([], "count_all")])
        by_key: Counter[int] = Counter()
        for batch, count in zip(
            groups["batch"].to_pylist(), groups["count_all"].to_pylist(), strict=True
        ):
            by_key[batch] += count - 1
        repeated = repeated | by_key  # the larger count per batch
    return frozenset(
        batch
        for batch, count in repeated.items()
        if count >= max(LISTS_TWICE_MIN_REPEATS, LISTS_TWICE_SHARE * sizes[batch])
    )


def filing_duplicates(table: pa.Table) -> list[Link]:
    """A street that filed one group twice (备案): same list, same name read with its
    community, same place, same person in charge, and phones that do not contradict.

    Filed groups have no identifier, so without this rule the same-file guard keeps the
    two rows apart; a different person or a different phone keeps them apart still.
    """
    filed = table.filter(
        pc.and_(
            pc.equal(table["department"], FILED),
            pc.and_(pc.is_valid(table["name_core"]), pc.is_valid(table["legal_rep"])),
        )
    )
    keys = ["batch", "county_code", "township", "name_core", "legal_rep"]
    groups = filed.group_by(keys).aggregate([("unique_id", "list")])
    phones_of = dict(zip(filed["unique_id"].to_pylist(), filed["phones"].to_pylist(), strict=True))
    links: list[Link] = []
    for ids, name, person in zip(
        groups["unique_id_list"].to_pylist(),
        groups["name_core"].to_pylist(),
        groups["legal_rep"].to_pylist(),
        strict=True,
    ):
        if len(ids) < 2:
            continue
        first, *others = sorted(ids)
        for other in others:
            mine, theirs = phones_of[first], phones_of[other]
            if mine and theirs and not set(mine) & set(theirs):
                continue
            evidence = {"rule": "filing", "value": f"{name}/{person}"}
            links.append(Link(first, other, "filing", 1.0, evidence))
    return links


def _trade_names(table: pa.Table) -> dict[int, str | None]:
    """record → the first two characters of its name past any community (字号).

    None for a street's filing list: there a group is its community and its kind (夕阳红
    舞蹈队, 夕阳红太极拳队), so a different kind is a different group, never a former name.
    """
    return {
        record: tail[:2] if tail and department != FILED else None
        for record, tail, department in zip(
            table["unique_id"].to_pylist(),
            table["name_tail"].to_pylist(),
            table["department"].to_pylist(),
            strict=True,
        )
    }


def _model_check(table: pa.Table, confident: list[Link]) -> dict[str, int]:
    """Records of two departments sharing a valid credit code are free labelled matches:
    how many of those pairs would the model have linked on its own?"""
    linked = {(link.record_a, link.record_b) for link in confident}
    groups = (
        table.filter(pc.is_valid(table["uscc_key"]))
        .group_by("uscc_key")
        .aggregate([("unique_id", "list"), ("department", "list")])
    )
    labelled = found = 0
    for ids, departments in zip(
        groups["unique_id_list"].to_pylist(), groups["department_list"].to_pylist(), strict=True
    ):
        members = sorted(zip(ids, departments, strict=True))
        for i, (a, department_a) in enumerate(members):
            for b, department_b in members[i + 1 :]:
                if department_a != department_b:
                    labelled += 1
                    found += (a, b) in linked
    return {"labelled_pairs": labelled, "labelled_pairs_model_linked": found}


def _record_keys(table: pa.Table) -> dict[int, RecordKeys]:
    return {
        record: RecordKeys(batch, uscc, org_code)
        for record, batch, uscc, org_code in zip(
            table["unique_id"].to_pylist(),
            table["batch"].to_pylist(),
            table["uscc_key"].to_pylist(),
            table["org_code_key"].to_pylist(),
            strict=True,
        )
    }


def _scored_pairs(
    table: pa.Table, settings: LinkSettings, stage: _Stages, lists_twice: frozenset[int]
) -> tuple[_Scored, dict[str, Any]]:
    """Train on the data, score the blocked pairs above the review threshold."""
    stage("training")
    linker, source = _trained_linker(table, settings, lists_twice)
    stage("prediction")
    predictions = linker.inference.predict(threshold_match_probability=settings.review_probability)
    scored = _Scored(predictions.as_pyarrow_table())
    saved = linker.misc.save_model_to_json()
    return scored, {"splink": saved, "levels": _level_labels(saved), "parameters": source}


def _trained_linker(
    table: pa.Table, settings: LinkSettings, lists_twice: frozenset[int]
) -> tuple[Any, str]:
    """A linker trained on this data, or — when there is too little of it to learn from
    (a first file of a few hundred rows: EM finds no pairs) — one with the bundled
    parameters, trained on the demo census. Returns the linker and which it is."""
    from splink import Linker
    from splink.internals.exceptions import SplinkException

    if table.num_rows >= settings.min_training_records:
        api = database_api(settings.engine)
        linker = Linker(api.register(table), model.settings_creator(), log_level=logging.ERROR)
        for column in model.NAME_FREQUENCY_COLUMNS:
            frequencies = api.register(name_frequencies(table, column, lists_twice))
            linker.table_management.register_term_frequency_lookup(frequencies, column)
        try:
            _train(linker, settings)
            return linker, "trained"
        except SplinkException as error:
            log.warning("training failed, using the bundled parameters: %s", error)
    api = database_api(settings.engine)
    bundled = model.trained_settings(api.sql_dialect.sql_dialect_str, model.bundled_parameters())
    return Linker(api.register(table), bundled, log_level=logging.ERROR), "bundled"


def _train(linker: Any, settings: LinkSettings) -> None:
    training = linker.training
    training.estimate_probability_two_random_records_match(
        list(model.DETERMINISTIC_RULES), recall=0.7
    )
    training.estimate_u_using_random_sampling(
        max_pairs=settings.max_training_pairs, seed=settings.seed
    )
    for block in model.TRAINING_BLOCKS:
        training.estimate_parameters_using_expectation_maximisation(
            block, max_pairs=settings.max_training_pairs
        )


_SCORING_ONLY = frozenset({"i", "same_name", "same_trade_name"})  # not kept on a link


class _Scored:
    """The predicted pairs, kept as columns; a pair's evidence is built only if used."""

    def __init__(self, predictions: pa.Table) -> None:
        wanted = [name for name in _prediction_columns() if name in predictions.column_names]
        # Ids and probabilities become Links; gammas and weights stay compact arrays
        # (a million pairs × 27 columns as Python objects would cost gigabytes).
        self._columns: dict[str, Any] = {
            name: predictions[name].to_pylist()
            if name in {"unique_id_l", "unique_id_r", "match_probability"}
            else array("b" if name.startswith("gamma_") else "d", _filled(predictions[name]))
            for name in wanted
        }

    def links(self, trade_name: Mapping[int, str | None]) -> list[Link]:
        """Every scored pair, most probable first, saying whether the names are the same
        name and whether they keep one trade name (字号) — what the same-file rule asks."""
        c = self._columns
        same_name = model.name_agreeing_gammas()
        found = [
            Link(
                *_pair(a, b),
                "model",
                p,
                {
                    "i": i,
                    "same_name": gamma in same_name,
                    "same_trade_name": trade_name[a] is not None and trade_name[a] == trade_name[b],
                },
            )
            for i, (a, b, p, gamma) in enumerate(
                zip(
                    c["unique_id_l"],
                    c["unique_id_r"],
                    c["match_probability"],
                    c["gamma_name"],
                    strict=True,
                )
            )
        ]
        found.sort(key=lambda link: -(link.probability or 0.0))
        return found

    def explained(self, link: Link) -> Link:
        """The link with each comparison's (level, weight) in place of its row number."""
        if "i" not in link.evidence:
            return link
        extra = {k: v for k, v in link.evidence.items() if k not in _SCORING_ONLY}
        fields = {name: self._field(name, link.evidence["i"]) for name in COMPARISONS}
        return Link(
            link.record_a, link.record_b, link.kind, link.probability, {"fields": fields, **extra}
        )

    def _field(self, name: str, i: int) -> list[Any]:
        weight = float(self._columns[f"mw_{name}"][i])
        adjustment = self._columns.get(f"mw_tf_adj_{name}")
        if adjustment is not None:
            weight += float(adjustment[i])
        return [int(self._columns[f"gamma_{name}"][i]), round(weight, 2)]


def _filled(column: pa.ChunkedArray) -> list[Any]:
    return pc.fill_null(column, 0).to_pylist()  # type: ignore[no-any-return]


def _prediction_columns() -> list[str]:
    wanted = ["unique_id_l", "unique_id_r", "match_probability"]
    for name in COMPARISONS:
        wanted += [f"gamma_{name}", f"mw_{name}", f"mw_tf_adj_{name}"]
    return wanted


def _level_labels(saved: dict[str, Any]) -> dict[str, dict[str, str]]:
    """comparison → gamma → label. Splink numbers a comparison's levels from the top,
    n − 1 down to 0, after the null level (−1)."""
    labels: dict[str, dict[str, str]] = {}
    for comparison in saved["comparisons"]:
        levels = comparison["comparison_levels"]
        gamma = sum(1 for level in levels if not level.get("is_null_level")) - 1
        named = labels.setdefault(comparison["output_column_name"], {})
        for level in levels:
            if level.get("is_null_level"):
                named["-1"] = level.get("label_for_charts", "")
                continue
            named[str(gamma)] = level.get("label_for_charts", "")
            gamma -= 1
    return labels


def _review(
    clustering: Clustering,
    scored: list[Link],
    settings: LinkSettings,
    decided: set[tuple[int, int]],
    predicted: _Scored,
) -> list[ReviewCandidate]:
    candidates: dict[tuple[int, int], ReviewCandidate] = {}
    uncertain = [p for p in scored if (p.probability or 0) < settings.match_probability]
    for link, reason in [(p, "概率处于待定区间") for p in uncertain] + [
        (p, str(p.evidence["refused"])) for p in clustering.deferred
    ]:
        pair = (link.record_a, link.record_b)
        roots = _pair(clustering.root(link.record_a), clustering.root(link.record_b))
        if pair in decided or roots in candidates or roots[0] == roots[1]:
            continue  # one question per pair of would-be organizations
        if clustering.names_kept_apart(link):
            continue  # two names in one list: two organizations, nothing to ask
        evidence = predicted.explained(link).evidence
        candidates[roots] = ReviewCandidate(*pair, link.probability or 0.0, reason, evidence)
    return sorted(candidates.values(), key=lambda c: -c.probability)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)
