"""The probabilistic model (Fellegi–Sunter, via Splink): comparisons, blocking, training.

Every comparison is built from Splink's level library, so the same model runs on DuckDB
and on Spark. Term-frequency adjustment on names, roads, phones and legal
representatives keeps the common ones (社区老年协会, a shared office building, one
phone for twenty associations) from linking organizations that merely share them.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator

# Blocking (分块): which pairs are scored at all. Never on a name's first characters —
# 昆明市/云南省/中国 open half the names; the core name and its pinyin carry the identity.
PREDICTION_BLOCKS: tuple[Any, ...] = (
    block_on("core_pinyin"),
    block_on("code_body"),
    block_on("phone"),
    block_on("road_no"),
    block_on("legal_rep", "county_code"),
    "l.former_core = r.name_core",
    "l.name_core = r.former_core",
)
# EM sessions: each block leaves the other comparisons free to be estimated.
TRAINING_BLOCKS: tuple[BlockingRuleCreator, ...] = (
    block_on("code_body"),
    block_on("core_pinyin"),
    block_on("phone"),
)
# Free labels: equal valid identifiers are matches without a reviewer.
DETERMINISTIC_RULES: tuple[BlockingRuleCreator, ...] = (
    block_on("uscc_key"),
    block_on("org_code_key"),
)


def name_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_core"),
            cll.ExactMatchLevel("name_local").configure(
                tf_adjustment_column="name_local", tf_adjustment_weight=1.0
            ),
            cll.CustomLevel(
                "name_core_l = former_core_r OR former_core_l = name_core_r",
                label_for_charts="一方的曾用名是另一方的名称 (former name)",
            ),
            cll.ExactMatchLevel("name_core").configure(
                tf_adjustment_column="name_core", tf_adjustment_weight=1.0
            ),
            cll.ExactMatchLevel("core_pinyin").configure(
                label_for_charts="核心名称同音 (same pinyin)"
            ),
            cll.DamerauLevenshteinLevel("name_core", 1),
            cll.JaroWinklerLevel("name_local", 0.9),
            cll.JaroWinklerLevel("name_local", 0.75),
            cll.ElseLevel(),
        ],
    )


def address_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            cll.And(cll.NullLevel("road_no"), cll.NullLevel("county_code")),
            cll.ExactMatchLevel("road_no").configure(
                tf_adjustment_column="road_no", tf_adjustment_weight=1.0
            ),
            cll.ExactMatchLevel("road"),
            cll.ExactMatchLevel("township"),
            cll.ExactMatchLevel("county_code"),
            cll.Or(cll.NullLevel("county_code"), cll.NullLevel("road")),
            cll.ElseLevel(),
        ],
    )


def phone_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="phone",
        comparison_levels=[
            cll.NullLevel("phone"),
            cll.ExactMatchLevel("phone").configure(
                tf_adjustment_column="phone", tf_adjustment_weight=1.0
            ),
            cll.ArrayIntersectLevel("phones", 1),
            cll.ElseLevel(),
        ],
    )


def comparisons() -> list[Any]:
    return [
        name_comparison(),
        cl.ExactMatch("name_suffix"),
        cl.ExactMatch("name_region"),
        cl.DamerauLevenshteinAtThresholds("code_body", [1]),
        address_comparison(),
        phone_comparison(),
        cl.ExactMatch("legal_rep").configure(term_frequency_adjustments=True),
        cl.ExactMatch("category"),
        cl.AbsoluteDateDifferenceAtThresholds(
            "established_on", input_is_string=False, metrics=["day"], thresholds=[366]
        ),
    ]


def settings_creator() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=list(PREDICTION_BLOCKS),
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["department"],
    )
