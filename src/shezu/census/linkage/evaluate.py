"""Pairwise precision, recall and F1 of a clustering against known organizations.

A pair of records counts as predicted when both are in one cluster and as true when
both belong to one real organization — the standard measure for deduplication, and
the one the benchmark prints.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PairwiseScores:
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pairwise_scores(
    predicted: Mapping[int, Hashable], truth: Mapping[int, Hashable]
) -> PairwiseScores:
    """Both maps: record → cluster; only records present in both are counted."""
    records = predicted.keys() & truth.keys()
    return PairwiseScores(
        _pairs(Counter(truth[r] for r in records)),
        _pairs(Counter(predicted[r] for r in records)),
        _pairs(Counter((predicted[r], truth[r]) for r in records)),
    )


def _pairs(sizes: Counter[Hashable]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


NO_NOISE = "none"  # pairs and organizations whose records carry no noise at all


@dataclass(frozen=True)
class PhenomenonRecall:
    """How well the pairs touched by one kind of noise were found."""

    true_pairs: int
    found_pairs: int
    organizations: int  # true organizations with a record carrying the noise
    split: int  # of those, how many ended in more than one cluster

    @property
    def recall(self) -> float:
        return self.found_pairs / self.true_pairs if self.true_pairs else 1.0


def recall_by_phenomenon(
    predicted: Mapping[int, Hashable],
    truth: Mapping[int, Hashable],
    phenomena: Mapping[int, Iterable[str]],
) -> dict[str, PhenomenonRecall]:
    """Recall of the true pairs with at least one record carrying each phenomenon.

    `phenomena`: record → the noise kinds its row carries (the demo's noise.csv). A pair
    counts for every kind either of its records carries; so does its organization.
    """
    members: dict[Hashable, list[int]] = defaultdict(list)
    for record in sorted(predicted.keys() & truth.keys()):
        members[truth[record]].append(record)
    pairs: Counter[str] = Counter()
    found: Counter[str] = Counter()
    organizations: Counter[str] = Counter()
    split: Counter[str] = Counter()
    for records in members.values():
        kinds_of = {record: set(phenomena.get(record, ())) for record in records}
        touched = set().union(*kinds_of.values()) or {NO_NOISE}
        organizations.update(touched)
        if len({predicted[record] for record in records}) > 1:
            split.update(touched)
        for i, a in enumerate(records):
            for b in records[i + 1 :]:
                kinds = kinds_of[a] | kinds_of[b] or {NO_NOISE}
                pairs.update(kinds)
                if predicted[a] == predicted[b]:
                    found.update(kinds)
    return {
        kind: PhenomenonRecall(pairs[kind], found[kind], organizations[kind], split[kind])
        for kind in sorted(organizations)
    }


def groups_joined(
    predicted: Mapping[int, Hashable],
    truth: Mapping[int, Hashable],
    groups: Iterable[Iterable[Hashable]],
) -> tuple[int, int]:
    """(groups, groups with two of their organizations in one cluster).

    A group is a set of different organizations that look alike (a hard negative: the
    city's and a district's 书法家协会, associations sharing a building and a phone …);
    the linkage should keep every one of them apart.
    """
    clusters: dict[Hashable, set[Hashable]] = defaultdict(set)
    for record in predicted.keys() & truth.keys():
        clusters[truth[record]].add(predicted[record])
    total = joined = 0
    for group in groups:
        seen: set[Hashable] = set()
        merged = False
        for organization in group:
            mine = clusters.get(organization, set())
            merged = merged or bool(seen & mine)
            seen |= mine
        total += 1
        joined += merged
    return total, joined
