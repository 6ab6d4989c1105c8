"""Pairwise precision, recall and F1 of a clustering against known organizations.

A pair of records counts as predicted when both are in one cluster and as true when
both belong to one real organization — the standard measure for deduplication, and
the one the benchmark prints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
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
