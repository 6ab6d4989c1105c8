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


def name_comparison() -> cl.CustomComparison:
    return _comparison(
        "name",
        _null("name_core"),
        _level(cll.ExactMatchLevel("name_local"), "名称相同 (same name)", tf="name_local"),
        _level(
            cll.CustomLevel("name_core_l = former_core_r OR former_core_l = name_core_r"),
            "一方的曾用名是另一方的名称 (former name)",
        ),
        _level(cll.ExactMatchLevel("name_core"), "核心名称相同 (same core)", tf="name_core"),
        _level(cll.ExactMatchLevel("core_pinyin"), "核心名称同音 (same pinyin)"),
        _level(cll.DamerauLevenshteinLevel("name_core", 1), "核心名称差一字 (one edit)"),
        _level(cll.JaroWinklerLevel("name_local", 0.9), "名称很相似 (Jaro-Winkler ≥ 0.9)"),
        _level(cll.JaroWinklerLevel("name_local", 0.75), "名称较相似 (Jaro-Winkler ≥ 0.75)"),
        _else(),
    )


def address_comparison() -> cl.CustomComparison:
    return _comparison(
        "address",
        _level(
            cll.And(
                cll.Or(cll.NullLevel("county_code"), cll.NullLevel("road")),
                cll.Or(cll.NullLevel("county_code"), cll.NullLevel("road_no")),
            ),
            "缺失 (missing)",
        ),
        _level(cll.ExactMatchLevel("road_no"), "同一门牌 (same road and number)", tf="road_no"),
        _level(cll.ExactMatchLevel("road"), "同一道路 (same road)"),
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
        _comparison(
            "code_body",
            _null("code_body"),
            _level(cll.ExactMatchLevel("code_body"), "机构代码相同 (same code)"),
            _level(cll.DamerauLevenshteinLevel("code_body", 1), "机构代码差一位 (one digit off)"),
            _else(),
        ),
        address_comparison(),
        phone_comparison(),
        _exact("legal_rep", "法定代表人相同 (same legal representative)", tf=True),
        _exact("category", "类型相同 (same category)"),
        _comparison(
            "established_on",
            _null("established_on"),
            _level(cll.ExactMatchLevel("established_on"), "成立日期相同 (same date)"),
            _level(
                cll.AbsoluteDateDifferenceLevel(
                    "established_on", input_is_string=False, metric="day", threshold=366
                ),
                "成立日期相差一年内 (within a year)",
            ),
            _else(),
        ),
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
