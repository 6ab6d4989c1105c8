"""The probabilistic model (Fellegi–Sunter, via Splink): comparisons, blocking, training.

Every comparison is built from Splink's level library, so the same model runs on DuckDB
and on Spark. Term-frequency adjustment on names, roads, phones and legal
representatives keeps the common ones (社区老年协会, a shared office building, one
phone for twenty associations) from linking organizations that merely share them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator

# Blocking (分块): which pairs are scored at all. Never on a name's first characters —
# 昆明市/云南省/中国 open half the names; the core name and its pinyin carry the identity.
PREDICTION_BLOCKS: tuple[Any, ...] = (
    block_on("name_local"),
    # Pinyin within a county: across the city, common cores (江苏, 老年, 书法) made the
    # blocks grow with the square of the register (see the issue-3 note for figures).
    block_on("core_pinyin", "county_code"),
    block_on("code_body"),
    block_on("phone"),
    # Road and number repeat across counties, and 张强 or 王芳 head organizations all over
    # a county. At scale 200 (1.8 million records) road + number within a county still
    # gives 52 of the 67 million pairs — buildings full of associations, which TF
    # adjustment keeps apart — and recall drops without it; the representative by county
    # gave 26 million pairs, by road 1.8 million.
    block_on("road_no", "county_code"),
    block_on("legal_rep", "road"),
    "l.former_core = r.name_core",
    "l.name_core = r.former_core",
)
# EM sessions: each block leaves the other comparisons free to be estimated, so two
# cover every comparison (a third, on phone, left every benchmark figure unchanged).
TRAINING_BLOCKS: tuple[BlockingRuleCreator, ...] = (
    block_on("code_body"),
    block_on("core_pinyin"),
)
# Term frequencies counted by organization, not by record (frequencies.py).
NAME_FREQUENCY_COLUMNS = ("name_local", "name_core")
# Free labels: equal valid identifiers are matches without a reviewer.
DETERMINISTIC_RULES: tuple[BlockingRuleCreator, ...] = (
    block_on("uscc_key"),
    block_on("org_code_key"),
)


def _level(level: Any, label: str, tf: str | None = None) -> Any:
    """A level with its Chinese label (reviewers read it) and optional TF adjustment."""
    if tf:
        return level.configure(
            label_for_charts=label, tf_adjustment_column=tf, tf_adjustment_weight=1.0
        )
    return level.configure(label_for_charts=label)


def _comparison(name: str, *levels: Any) -> cl.CustomComparison:
    return cl.CustomComparison(output_column_name=name, comparison_levels=list(levels))


def _null(column: str) -> Any:
    return _level(cll.NullLevel(column), "缺失 (missing)")


def _else() -> Any:
    return _level(cll.ElseLevel(), "不同 (different)")


# How often two different organizations carry one name under one region. Sampling
# random pairs cannot tell: most pairs that share a whole name are one organization
# listed by two departments, so the sampled u would be about the prior and the level
# would say nothing. By law it is next to never (名称不得重复 within a registering area).
SAME_REGISTERED_NAME_U = 1e-8


def _name_levels() -> list[tuple[Any, bool]]:
    """The name comparison's levels from the top, each with whether it says "same name".

    "Same name" allows what departments do to a name (a region, a homophone, one slip of
    the pen) and nothing else; two rows of one list need it to be one organization.
    """
    return [
        # Registered names are unique in their registering area by law (社会团体、企业名称
        # 不得重复): the same name under the same region is not the chance that term
        # frequencies would put on it, since every department lists the one organization.
        (
            _level(
                cll.CustomLevel(
                    "name_local_l = name_local_r AND name_region_l = name_region_r"
                ).configure(u_probability=SAME_REGISTERED_NAME_U, fix_u_probability=True),
                "全称相同，含行政区划 (same name with the same region)",
            ),
            True,
        ),
        (_level(cll.ExactMatchLevel("name_local"), "名称相同 (same name)", tf="name_local"), True),
        (
            _level(
                cll.CustomLevel("name_core_l = former_core_r OR former_core_l = name_core_r"),
                "一方的曾用名是另一方的名称 (former name)",
            ),
            True,
        ),
        (
            _level(cll.ExactMatchLevel("name_core"), "核心名称相同 (same core)", tf="name_core"),
            True,
        ),
        # 第四老年协会 and 第五老年协会 are two associations, not one with a typo.
        (
            _level(
                cll.CustomLevel("name_unnumbered_l = name_unnumbered_r"),
                "名称仅序号不同 (names differ in a number only)",
            ),
            False,
        ),
        (_level(cll.ExactMatchLevel("core_pinyin"), "核心名称同音 (same pinyin)"), True),
        # One character off in a long core is a typo; in a two-character one, another name.
        (
            _level(
                cll.And(
                    cll.DamerauLevenshteinLevel("name_core", 1),
                    cll.CustomLevel("length(name_core_l) >= 4"),
                ),
                "较长的核心名称差一字 (one edit in a long core)",
            ),
            True,
        ),
        (
            _level(cll.DamerauLevenshteinLevel("name_core", 1), "核心名称差一字 (one edit)"),
            True,
        ),
        (
            _level(cll.JaroWinklerLevel("name_tail", 0.9), "名称很相似 (Jaro-Winkler ≥ 0.9)"),
            False,
        ),
        (
            _level(cll.JaroWinklerLevel("name_tail", 0.75), "名称较相似 (Jaro-Winkler ≥ 0.75)"),
            False,
        ),
        (_else(), False),
    ]


def name_comparison() -> cl.CustomComparison:
    return _comparison("name", _null("name_core"), *(level for level, _ in _name_levels()))


def name_agreeing_gammas() -> frozenset[int]:
    """The gamma values (Splink numbers levels n − 1 … 0 from the top) of "same name"."""
    levels = _name_levels()
    return frozenset(
        len(levels) - 1 - position for position, (_, agrees) in enumerate(levels) if agrees
    )


def address_comparison() -> cl.CustomComparison:
    return _comparison(
        "address",
        # Nothing to compare when a county is unknown, unless the roads themselves agree.
        _level(
            cll.CustomLevel(
                "(county_code_l IS NULL OR county_code_r IS NULL) "
                "AND NOT COALESCE(road_l = road_r, FALSE)"
            ).configure(is_null_level=True),
            "缺失 (missing)",
        ),
        _level(cll.ExactMatchLevel("road_no"), "同一门牌 (same road and number)", tf="road_no"),
        _level(cll.ExactMatchLevel("road"), "同一道路 (same road)"),
        # A community group's place is its community, named in its name or its row.
        _level(
            cll.CustomLevel("community_l = community_r AND county_code_l = county_code_r"),
            "同一社区 (same community)",
        ),
        _level(cll.ExactMatchLevel("township"), "同一乡镇街道 (same township)"),
        _level(cll.ExactMatchLevel("county_code"), "同一区县 (same county)"),
        # Both name a county and they differ: the strongest sign of two organizations.
        _level(cll.CustomLevel("county_code_l <> county_code_r"), "不同区县 (other county)"),
        _else(),
    )


def phone_comparison() -> cl.CustomComparison:
    return _comparison(
        "phone",
        _null("phone"),
        _level(cll.ExactMatchLevel("phone"), "电话相同 (same phone)", tf="phone"),
        _level(cll.ArrayIntersectLevel("phones", 1), "有一个电话相同 (a shared number)"),
        _else(),
    )


# The tax office keeps the legal representative it was first told about: its disagreeing
# with a registrar is common and says less than two registrars disagreeing.
_ONE_SIDE_TAX = "(department_l = '税务' OR department_r = '税务')"
# A community group can be filed with its street and registered with 民政 as a 社会团体
# or 民办非企业单位 at once: for a name that is a community's group, those categories
# do not contradict each other.
_COMMUNITY_GROUP_REGISTERED = (
    "((category_l = '社区社会组织' AND category_r IN ('社会团体', '民办非企业单位')) OR "
    "(category_r = '社区社会组织' AND category_l IN ('社会团体', '民办非企业单位'))) "
    "AND (name_core_l LIKE '%社区%' OR name_core_l LIKE '%村%')"
)


def legal_rep_comparison() -> cl.CustomComparison:
    return _comparison(
        "legal_rep",
        _null("legal_rep"),
        _level(
            cll.ExactMatchLevel("legal_rep"),
            "法定代表人相同 (same legal representative)",
            tf="legal_rep",
        ),
        _level(
            cll.CustomLevel(_ONE_SIDE_TAX), "不同，一方为税务名单 (differs, one is the tax list)"
        ),
        _else(),
    )


def category_comparison() -> cl.CustomComparison:
    return _comparison(
        "category",
        _null("category"),
        _level(cll.ExactMatchLevel("category"), "类型相同 (same category)"),
        _level(
            cll.CustomLevel(_COMMUNITY_GROUP_REGISTERED),
            "社区社会组织与登记的社团/民非 (community group, registered)",
        ),
        _else(),
    )


def code_body_comparison() -> cl.CustomComparison:
    return _comparison(
        "code_body",
        _null("code_body"),
        _level(cll.ExactMatchLevel("code_body"), "机构代码相同 (same code)"),
        _level(cll.DamerauLevenshteinLevel("code_body", 1), "机构代码差一位 (one digit off)"),
        # Two valid codes that differ are two organizations; an invalid one far from the
        # other is a number that says nothing (a tax office's own number, a garbled cell).
        _level(
            cll.CustomLevel("code_body_valid_l AND code_body_valid_r"),
            "两个有效代码不同 (two valid codes differ)",
        ),
        _else(),
    )


def established_comparison() -> cl.CustomComparison:
    return _comparison(
        "established_on",
        _null("established_on"),
        _level(cll.ExactMatchLevel("established_on"), "成立日期相同 (same date)"),
        _level(
            cll.AbsoluteDateDifferenceLevel(
                "established_on", input_is_string=False, metric="day", threshold=366
            ),
            "成立日期相差一年内 (within a year)",
        ),
        # 登记日期, 批准日期, 开业日期, 备案日期: each department dates its own act.
        _level(
            cll.CustomLevel("department_l <> department_r"),
            "相差较多，来自不同部门 (differs, two departments)",
        ),
        _else(),
    )


def _exact(column: str, label: str, tf: bool = False) -> cl.CustomComparison:
    return _comparison(
        column,
        _null(column),
        _level(cll.ExactMatchLevel(column), label, tf=column if tf else None),
        _else(),
    )


def comparisons() -> list[Any]:
    return [
        name_comparison(),
        _exact("name_suffix", "组织形式相同 (same legal form)"),
        _exact("name_region", "名称中的行政区划相同 (same region prefix)"),
        code_body_comparison(),
        address_comparison(),
        phone_comparison(),
        legal_rep_comparison(),
        category_comparison(),
        established_comparison(),
    ]


PARAMETERS = Path(__file__).parent / "data" / "parameters.json"


def parameters_of(saved: dict[str, Any]) -> dict[str, Any]:
    """The trained numbers of a saved Splink model: the prior and each level's m and u."""
    return {
        "probability_two_random_records_match": saved["probability_two_random_records_match"],
        "comparisons": {
            comparison["output_column_name"]: [
                [level.get("m_probability"), level.get("u_probability")]
                for level in comparison["comparison_levels"]
            ]
            for comparison in saved["comparisons"]
        },
    }


def trained_settings(sql_dialect: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """This module's settings with trained numbers put in, for data too small to train on.

    Only numbers are stored (data/parameters.json), not Splink's SQL, so the same file
    serves DuckDB and Spark; a test keeps it in step with the comparisons above.
    """
    settings = settings_creator().create_settings_dict(sql_dialect)
    settings["probability_two_random_records_match"] = parameters[
        "probability_two_random_records_match"
    ]
    for comparison in settings["comparisons"]:
        levels = parameters["comparisons"][comparison["output_column_name"]]
        for level, (m, u) in zip(comparison["comparison_levels"], levels, strict=True):
            if not level.get("is_null_level"):
                level["m_probability"], level["u_probability"] = m, u
                # Term frequencies of a few hundred records say nothing (every name is
                # "1 in 300", far commoner than in any real register): no TF here.
                level.pop("tf_adjustment_column", None)
                level.pop("tf_adjustment_weight", None)
    return settings


def bundled_parameters() -> dict[str, Any]:
    return json.loads(PARAMETERS.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def settings_creator() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=list(PREDICTION_BLOCKS),
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["department"],
    )
