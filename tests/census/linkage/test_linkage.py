"""The linkage engine on the synthetic census: each hard case by name, then the guards.

One demo census (about 1,200 organizations, every hard negative of the generator
included) is generated, read as intake reads it, and linked once for the module.
"""

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shezu.census.linkage import Decision, Link, LinkResult, LinkSettings, link, model
from shezu.census.linkage.backends import EngineError, duckdb_require
from shezu.census.linkage.clusters import Clustering, RecordKeys
from shezu.census.linkage.engine import batches_listing_twice, filing_duplicates
from shezu.census.linkage.evaluate import pairwise_scores, recall_by_phenomenon
from shezu.census.linkage.features import address_road, code_body, features
from shezu.census.linkage.frequencies import name_frequencies
from shezu.census.normalise.names import normalise_name
from shezu.demo.census.frames import manifest_records
from shezu.demo.census.generate import generate

pytestmark = pytest.mark.slow


class Census:
    def __init__(self, outdir: Path) -> None:
        self.records = list(manifest_records(outdir / "manifest.csv"))
        by_place = {(r["file"], r["row"]): r["record_id"] for r in self.records}
        self.truth: dict[int, str] = {}
        with (outdir / "ground_truth.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                record = by_place.get((row["file"], int(row["row"])))
                if record is not None:
                    self.truth[record] = row["org_id"]
        self.noise: dict[int, set[str]] = {}
        with (outdir / "noise.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                record = by_place.get((row["file"], int(row["row"])))
                if record is not None:
                    self.noise[record] = set(row["kinds"].split(";"))
        self.groups: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        with (outdir / "features.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                self.groups[row["feature"]][row["group"]].append(row["org_id"])

    def records_of(self, org_id: str) -> list[int]:
        return [r for r, o in self.truth.items() if o == org_id]

    def with_noise(self, kind: str) -> Iterator[int]:
        return (r for r, kinds in self.noise.items() if kind in kinds)


@pytest.fixture(scope="module")
def census(tmp_path_factory: pytest.TempPathFactory) -> Census:
    outdir = tmp_path_factory.mktemp("demo")
    generate(outdir, scale=0.25, seed=7)
    return Census(outdir)


@pytest.fixture(scope="module")
def linked(census: Census) -> LinkResult:
    return link(census.records)


def organizations_of(result: LinkResult, records: list[int]) -> set[int]:
    return {result.cluster_of[r] for r in records}


def one_organization_each(result: LinkResult, census: Census, org_ids: list[str]) -> bool:
    """Each organization in one cluster of its own (those with no accepted row aside)."""
    clusters = [organizations_of(result, census.records_of(o)) for o in org_ids]
    clusters = [c for c in clusters if c]
    merged = set().union(*clusters)
    return all(len(c) == 1 for c in clusters) and len(merged) == len(clusters)


def test_every_record_ends_in_exactly_one_organization(census: Census, linked: LinkResult) -> None:
    assert linked.cluster_of.keys() == {r["record_id"] for r in census.records}


def test_pairwise_f1_and_organization_count_meet_the_target(
    census: Census, linked: LinkResult
) -> None:
    scores = pairwise_scores(linked.cluster_of, census.truth)
    organizations = len(set(linked.cluster_of.values()))
    true_organizations = len(set(census.truth.values()))

    assert scores.precision >= 0.999
    assert scores.f1 >= 0.995
    assert abs(organizations - true_organizations) <= 0.003 * true_organizations
    assert len(linked.review) <= 0.01 * len(census.records)


# What lists are full of, and the share of the pairs each touches that must be found.
PHENOMENA = {
    "legal_rep_outdated": 0.99,  # the tax list names the previous legal representative
    "date_tax_registration": 0.99,  # … and its 开业日期, years after the founding
    "tax_id_unrelated": 0.99,  # … under a number of its own (临时税号)
    "name_typo": 0.98,  # one character typed by pinyin (学效, 五化区)
    "name_near_shape": 0.95,  # one character that looks alike (会计帅)
    "name_short_community": 0.95,  # 腰鼓队, filed by 仁德社区
    "registered_community_group": 0.9,  # filed with the street and registered with 民政
    "filed_twice": 1.0,  # one group twice in one street's list
}


@pytest.mark.parametrize(("phenomenon", "least"), PHENOMENA.items())
def test_the_pairs_each_kind_of_noise_touches_are_found(
    census: Census, linked: LinkResult, phenomenon: str, least: float
) -> None:
    found = recall_by_phenomenon(linked.cluster_of, census.truth, census.noise)[phenomenon]

    assert found.true_pairs >= 3
    assert found.recall >= least


def test_pairs_sharing_a_credit_code_across_departments_check_the_model(
    linked: LinkResult,
) -> None:
    labelled, found = linked.counts["labelled_pairs"], linked.counts["labelled_pairs_model_linked"]

    assert labelled > 100
    assert found >= 0.99 * labelled


def one_organization_or_asked(result: LinkResult, records: list[int]) -> bool:
    """One cluster, or every cluster of it in a question to a reviewer."""
    clusters = organizations_of(result, records)
    asked = {result.cluster_of[c.record_a] for c in result.review} | {
        result.cluster_of[c.record_b] for c in result.review
    }
    return len(clusters) == 1 or clusters <= asked


def test_a_renamed_organization_is_one_organization_or_put_to_a_reviewer(
    census: Census, linked: LinkResult
) -> None:
    renamed = [o for group in census.groups["renamed"].values() for o in group]
    with_old_name = [o for o in renamed if len(census.records_of(o)) > 1]

    assert len(with_old_name) >= 5
    for org_id in with_old_name:
        assert one_organization_or_asked(linked, census.records_of(org_id)), org_id


def test_an_old_tax_number_links_to_the_new_credit_code(census: Census, linked: LinkResult) -> None:
    old_numbers = list(census.with_noise("old_tax_number"))

    assert len(old_numbers) >= 50
    for record in old_numbers:
        others = census.records_of(census.truth[record])
        assert organizations_of(linked, others) == {linked.cluster_of[record]}


def test_a_district_prefixed_name_is_the_same_organization(
    census: Census, linked: LinkResult
) -> None:
    prefixed = list(census.with_noise("name_prefix"))

    assert len(prefixed) >= 50
    for record in prefixed:
        assert len(organizations_of(linked, census.records_of(census.truth[record]))) == 1


def test_mistyped_check_digits_do_not_split_an_organization(
    census: Census, linked: LinkResult
) -> None:
    mistyped = [
        r
        for kind in ("uscc_mistyped", "org_code_mistyped", "tax_id_mistyped")
        for r in census.with_noise(kind)
    ]

    assert len(mistyped) >= 5
    for record in mistyped:
        # an old registration under a former name in the same list goes to a reviewer
        assert one_organization_or_asked(linked, census.records_of(census.truth[record]))


def test_associations_sharing_a_building_and_phone_stay_apart(
    census: Census, linked: LinkResult
) -> None:
    buildings = census.groups["building"]

    assert sum(len(g) for g in buildings.values()) >= 10
    for org_ids in buildings.values():
        assert one_organization_each(linked, census, org_ids)


def test_one_legal_representative_of_several_organizations_does_not_join_them(
    census: Census, linked: LinkResult
) -> None:
    shared = census.groups["shared_rep"]

    assert shared
    for org_ids in shared.values():
        assert one_organization_each(linked, census, org_ids)


@pytest.mark.parametrize(
    "feature", ["city_district", "near_name", "chamber_branch", "same_name", "shared_head"]
)
def test_look_alike_names_of_different_organizations_stay_apart(
    census: Census, linked: LinkResult, feature: str
) -> None:
    groups = census.groups[feature]

    assert groups
    for org_ids in groups.values():
        assert one_organization_each(linked, census, org_ids)


def test_every_link_says_why(linked: LinkResult) -> None:
    kinds = {link.kind for link in linked.links}

    assert (
        {"uscc", "org_code", "model"} <= kinds <= {"uscc", "org_code", "license", "filing", "model"}
    )
    for edge in linked.links:
        if edge.kind == "model":
            assert set(edge.evidence["fields"]) >= {"name", "address", "phone", "legal_rep"}
        else:
            assert edge.evidence["rule"] == edge.kind and edge.evidence["value"]


def test_a_reviewers_distinct_splits_and_match_joins(census: Census, linked: LinkResult) -> None:
    model_link = next(link for link in linked.links if link.kind == "model")
    namesakes = next(iter(census.groups["same_name"].values()))  # two groups, no codes
    a, b = (census.records_of(org_id)[0] for org_id in namesakes[:2])
    decisions = [
        Decision(model_link.record_a, model_link.record_b, match=False),
        Decision(min(a, b), max(a, b), match=True),
    ]

    again = link(census.records, decisions=decisions)

    assert again.cluster_of[model_link.record_a] != again.cluster_of[model_link.record_b]
    assert again.cluster_of[a] == again.cluster_of[b]
    assert [(x.record_a, x.record_b) for x in again.links if x.kind == "reviewer"] == [
        (min(a, b), max(a, b))
    ]


# ---------------------------------------------------------------- guards, by hand


def keys(**records: tuple[int, str | None]) -> dict[int, RecordKeys]:
    return {int(r[1:]): RecordKeys(batch, uscc, None) for r, (batch, uscc) in records.items()}


def model_link(a: int, b: int, probability: float) -> Link:
    return Link(a, b, "model", probability, {"fields": {}})


def test_two_valid_credit_codes_never_end_in_one_organization() -> None:
    clustering = Clustering(
        keys(r1=(1, "51530100MJ0000001A"), r2=(2, None), r3=(3, "51530100MJ0000002B")), 0.9999
    )

    assert clustering.offer(model_link(1, 2, 0.999), strong=False)
    assert not clustering.offer(model_link(2, 3, 1.0), strong=False)
    assert clustering.refused[0].evidence["refused"] == "统一社会信用代码不同"
    assert clustering.root(3) != clustering.root(1)


def test_two_records_of_one_file_need_stronger_evidence() -> None:
    clustering = Clustering(keys(r1=(1, None), r2=(1, None), r3=(1, None)), 0.9999)

    assert not clustering.offer(model_link(1, 2, 0.999), strong=False)
    assert clustering.deferred[0].evidence["refused"].startswith("两边各有同一文件")
    assert clustering.offer(model_link(1, 3, 0.99995), strong=False)
    assert clustering.links[0].evidence["same_file"] is True


def test_a_file_that_lists_organizations_twice_by_design_is_not_held_apart() -> None:
    clustering = Clustering(keys(r1=(1, None), r2=(1, None)), 0.9999, lists_twice=frozenset({1}))

    assert clustering.offer(model_link(1, 2, 0.995), strong=False)
    assert clustering.links[0].evidence["same_file"] is True


def test_a_reviewers_distinct_holds_against_a_chain() -> None:
    clustering = Clustering(keys(r1=(1, None), r2=(2, None), r3=(3, None)), 0.9999)
    clustering.forbid(1, 3)

    assert clustering.offer(model_link(1, 2, 0.999), strong=False)
    assert not clustering.offer(model_link(2, 3, 0.9999), strong=False)
    assert clustering.refused[0].evidence["refused"] == "审核人判定为不同组织"


# ---------------------------------------------------------------- small parts


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("西山区滇池路52号", ("滇池路", "52")),
        ("云南省昆明市度假区海埂路860号附2号", ("海埂路", "860")),
        ("五华区人民中路一百零五号", ("人民中路", "105")),
        ("安宁市昆钢建设街十七号富百大厦", ("昆钢建设街", "17")),
        ("基噜村文化活动中心", ("", "")),
    ],
)
def test_road_and_number_are_read_from_an_address(address: str, expected: tuple[str, str]) -> None:
    assert address_road(address) == expected


def test_the_organization_code_body_is_shared_by_three_generations() -> None:
    empty: dict[str, Any] = {"org_code": "", "uscc": "", "tax_id": ""}

    uscc = {**empty, "uscc": "51530100560723477T", "uscc_valid": True}
    assert code_body(uscc) == ("560723477", True)
    assert code_body({**empty, "tax_id": "530111739819583", "tax_id_valid": True}) == (
        "739819583",
        True,
    )
    assert code_body({**empty, "org_code": "56072347-7", "org_code_valid": True}) == (
        "560723477",
        True,
    )


def test_a_code_body_read_from_an_invalid_number_says_so() -> None:
    temporary_tax_number = {"org_code": "", "uscc": "", "tax_id": "530111L90006681"}

    assert code_body({**temporary_tax_number, "tax_id_valid": False}) == ("L90006681", False)
    assert code_body({"org_code": "", "uscc": "", "tax_id": ""}) == ("", False)


def test_duckdb_before_2_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    monkeypatch.setattr(duckdb, "__version__", "1.4.1")

    with pytest.raises(EngineError, match=r"DuckDB ≥ 2\.0"):
        duckdb_require()


def test_thresholds_are_the_documented_defaults() -> None:
    settings = LinkSettings()

    assert (settings.review_probability, settings.match_probability) == (0.5, 0.99)


# ---------------------------------------------------------------- little data


def small_record(record_id: int, name: str, address: str, phone: str, rep: str) -> dict[str, Any]:
    parsed = normalise_name(name)
    return {
        "record_id": record_id,
        "batch": 1 if record_id < 100 else 2,
        "department": "民政" if record_id < 100 else "税务",
        "name": parsed.name,
        "name_core": parsed.core,
        "name_region": parsed.region_code,
        "former_name": "",
        **dict.fromkeys(("uscc", "org_code", "tax_id", "business_reg_no", "license_no"), ""),
        "uscc_valid": None,
        "org_code_valid": None,
        "category": "社会团体",
        "address": address,
        "county_code": "530102",
        "township": "",
        "legal_rep": rep,
        "phones": phone,
        "established_on": None,
    }


def test_too_few_records_to_train_on_are_linked_with_the_bundled_parameters() -> None:
    arts = ["摄影", "书法", "美术", "音乐", "舞蹈", "戏剧", "曲艺", "杂技", "电影", "民间文艺"]
    records = [
        small_record(i, f"五华区{art}家协会", f"五华区青年路{i}号", f"0871-6512340{i}", f"张{art}")
        for i, art in enumerate(arts)
    ]
    records.append(
        small_record(101, "昆明市五华区摄影家协会", "五华区青年路0号", "0871-65123400", "张摄影")
    )

    result = link(records)

    assert result.model["parameters"] == "bundled"
    assert result.cluster_of[101] == result.cluster_of[0]
    assert len(set(result.cluster_of.values())) == len(arts)


def test_bundled_parameters_fit_the_model() -> None:
    """Fails after a change to model.py until `python -m shezu.demo.census.parameters`."""
    bundled = model.bundled_parameters()["comparisons"]
    current = model.settings_creator().create_settings_dict("duckdb")["comparisons"]

    assert {c["output_column_name"]: len(c["comparison_levels"]) for c in current} == {
        name: len(levels) for name, levels in bundled.items()
    }


def filed(record_id: int, name: str, rep: str, phones: str, batch: int = 5) -> dict[str, Any]:
    record = small_record(record_id, name, "仁德社区活动室", phones, rep)
    parsed = normalise_name(name)
    return record | {
        "batch": batch,
        "department": "备案",
        "category": "社区社会组织",
        "township": "华山街道",
        "name_core": parsed.core,
    }


def test_a_group_filed_twice_by_its_street_is_one_group() -> None:
    table = features(
        [
            filed(1, "仁德社区腰鼓队", "李琼", "13888888888"),
            filed(2, "仁德社区腰鼓队", "李琼", ""),  # the second form left the phone out
            filed(3, "仁德社区腰鼓队", "李琼", "13999999999"),  # another phone: not the same
            filed(4, "仁德社区舞蹈队", "李琼", "13888888888"),  # her other group
            filed(5, "仁德社区腰鼓队", "王芳", "13888888888"),  # another head
            filed(6, "仁德社区腰鼓队", "李琼", "13888888888", batch=6),  # another list
        ]
    )

    links = filing_duplicates(table)

    assert [(x.record_a, x.record_b, x.kind) for x in links] == [(1, 2, "filing")]
    assert links[0].evidence == {"rule": "filing", "value": "仁德社区腰鼓队/李琼"}


def test_a_list_whose_rows_often_share_an_identifier_lists_organizations_twice() -> None:
    def row(record_id: int, batch: int, org_code: str) -> dict[str, Any]:
        valid = {"org_code": org_code, "org_code_valid": True} if org_code else {}
        return small_record(record_id, f"X{record_id}协会", "", "", "") | {"batch": batch} | valid

    civil = [row(i, 1, f"5000000{i:02d}") for i in range(20)]
    civil.append(row(20, 1, "500000000"))  # one old registration under the same code
    # the tax list: ten organizations from both bureaus, ten from one
    tax = [row(100 + i, 2, f"5000000{i % 10:02d}") for i in range(20)]

    assert batches_listing_twice(features(civil + tax)) == {2}


def test_a_name_is_as_common_as_the_organizations_that_carry_it() -> None:
    records = [
        small_record(1, "昆明市钢琴协会", "", "", "") | {"batch": 1},
        small_record(101, "昆明市钢琴协会", "", "", "") | {"batch": 2},
        small_record(102, "昆明市钢琴协会", "", "", "") | {"batch": 2},  # the other bureau
        filed(3, "白云社区老年协会", "", "", batch=3),
        filed(4, "白云社区老年协会", "", "", batch=3),  # another 白云社区, same list
    ]
    table = features(records)

    frequencies = name_frequencies(table, "name_local", lists_twice=frozenset({2}))
    share = dict(zip(*frequencies.to_pydict().values(), strict=True))

    assert share == {"钢琴协会": pytest.approx(0.1 / 5), "白云社区老年协会": pytest.approx(1.1 / 5)}
