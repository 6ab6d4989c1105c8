"""Records into organizations: union–find with guards against chaining.

Splink's connected components would follow any chain of links, so one weak pair can
join two whole organizations. Here links are applied strongest first and each merge is
checked against the clusters it would join:

- two different valid credit codes (or organization codes) never end in one cluster;
- a reviewer's "distinct" is never overruled;
- records from one file are usually different organizations, so joining two clusters
  that both hold a record of the same file needs an identifier or a probability of at
  least `same_file_probability`; otherwise the pair goes to a reviewer. A file that lists
  organizations twice by design (the tax list merges the national and the local bureau's
  rows) is exempt: the engine tells which files do (`lists_twice`). Two rows of one file
  under names that are not the same name (allowing a region, a homophone, one slip of
  the pen) are never merged by the model; when they keep one trade name (字号) they are
  put to a reviewer (an old entry under a former name looks like that).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from shezu.census.linkage.types import Link


@dataclass
class _Cluster:
    records: list[int]
    batches: set[int]
    usccs: set[str]
    org_codes: set[str]
    forbidden: set[int] = field(default_factory=set)  # records a reviewer kept apart


@dataclass(frozen=True)
class RecordKeys:
    batch: int
    uscc: str | None
    org_code: str | None


class Clustering:
    def __init__(
        self,
        keys: dict[int, RecordKeys],
        same_file_probability: float,
        lists_twice: frozenset[int] = frozenset(),
    ) -> None:
        self._keys = keys
        self.lists_twice = lists_twice  # batches whose rows may repeat an organization
        self._parent = {record: record for record in keys}
        self._clusters: dict[int, _Cluster] = {}  # built on first use; most stay single
        self._same_file_probability = same_file_probability
        self.links: list[Link] = []
        self.refused: list[Link] = []
        self.deferred: list[Link] = []  # same-file pairs too weak to merge unseen

    def _cluster(self, root: int) -> _Cluster:
        cluster = self._clusters.get(root)
        if cluster is None:
            k = self._keys[root]
            cluster = _Cluster(
                [root],
                {k.batch},
                {k.uscc} if k.uscc else set(),
                {k.org_code} if k.org_code else set(),
            )
            self._clusters[root] = cluster
        return cluster

    def root(self, record: int) -> int:
        parent = self._parent
        while parent[record] != record:
            parent[record] = parent[parent[record]]
            record = parent[record]
        return record

    def forbid(self, a: int, b: int) -> None:
        self._cluster(self.root(a)).forbidden.add(b)
        self._cluster(self.root(b)).forbidden.add(a)

    def offer(self, link: Link, *, strong: bool) -> bool:
        """Merge the clusters of a link's records unless a guard says no. True if merged."""
        ra, rb = self.root(link.record_a), self.root(link.record_b)
        if ra == rb:
            return False
        a, b = self._cluster(ra), self._cluster(rb)
        reason = self._refusal(a, b, ra, rb)
        if reason:
            self.refused.append(_with(link, refused=reason))
            return False
        if (a.batches & b.batches) - self.lists_twice and not strong:
            probability = link.probability or 0.0
            if link.evidence.get("same_name") is False:
                # A list names its organizations: two of its rows under two names are two,
                # unless they keep one trade name (字号): an old entry left in the list
                # under a former name looks like that, so a reviewer is asked.
                reason = "同一文件中的两条记录名称不同"
                if link.evidence.get("same_trade_name"):
                    self.deferred.append(_with(link, refused=reason))
                else:
                    self.refused.append(_with(link, refused=reason))
                return False
            if probability < self._same_file_probability:
                self.deferred.append(
                    _with(link, refused="两边各有同一文件中的记录，证据不足以合并")
                )
                return False
        self._union(ra, rb)
        self.links.append(link if not a.batches & b.batches else _with(link, same_file=True))
        return True

    def names_kept_apart(self, link: Link) -> bool:
        """Would the same-file rule refuse this pair for its names, unasked (see `offer`)?"""
        a = self._cluster(self.root(link.record_a))
        b = self._cluster(self.root(link.record_b))
        shared = (a.batches & b.batches) - self.lists_twice
        evidence = link.evidence
        return (
            bool(shared)
            and evidence.get("same_name") is False
            and not evidence.get("same_trade_name")
        )

    def cluster_of(self) -> dict[int, int]:
        """record → the smallest record id of its cluster (a key stable within a run)."""
        result = {record: record for record, parent in self._parent.items() if parent == record}
        for root, cluster in self._clusters.items():
            if self._parent[root] == root:
                key = min(cluster.records)
                for record in cluster.records:
                    result[record] = key
        return result

    def _refusal(self, a: _Cluster, b: _Cluster, ra: int, rb: int) -> str:
        if a.usccs and b.usccs and not a.usccs & b.usccs:
            return "统一社会信用代码不同"
        if a.org_codes and b.org_codes and not a.org_codes & b.org_codes:
            return "组织机构代码不同"
        if any(self.root(r) == rb for r in a.forbidden) or any(
            self.root(r) == ra for r in b.forbidden
        ):
            return "审核人判定为不同组织"
        return ""

    def _union(self, ra: int, rb: int) -> None:
        big, small = (
            (ra, rb)
            if len(self._cluster(ra).records) >= len(self._cluster(rb).records)
            else (rb, ra)
        )
        keep, gone = self._cluster(big), self._clusters.pop(small)
        self._parent[small] = big
        keep.records += gone.records
        keep.batches |= gone.batches
        keep.usccs |= gone.usccs
        keep.org_codes |= gone.org_codes
        keep.forbidden |= gone.forbidden


def _with(link: Link, **extra: object) -> Link:
    return Link(
        link.record_a, link.record_b, link.kind, link.probability, {**link.evidence, **extra}
    )


def offer_all(clustering: Clustering, links: Iterable[Link], *, strong: bool) -> int:
    return sum(clustering.offer(link, strong=strong) for link in links)
