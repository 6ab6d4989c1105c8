"""Unit names as departments write them meet the body register on one key."""

import pytest

from shezu.affiliation.units import unit_key


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("昆明市教育局", "昆明市教育局"),
        ("市教育局", "昆明市教育局"),
        ("云南省昆明市教育局", "昆明市教育局"),
        ("昆明市五华区教育局", "五华区教育局"),
        ("五华区 教育局", "五华区教育局"),
        ("中共昆明市委组织部", "昆明市委组织部"),
        ("昆明市卫生和计划生育委员会", "昆明市卫生健康委员会"),
        ("晋宁县教育局", "晋宁区教育局"),  # 晋宁县 became 晋宁区 in 2016
        ("共青团晋宁县委员会", "共青团晋宁区委员会"),
        ("石林县民政局", "石林彝族自治县民政局"),
        ("市场监督管理局", "市场监督管理局"),  # 市场 is no 市
        ("教育局", "教育局"),  # no area: matches only a body that lists exactly that
        ("", ""),
    ],
)
def test_unit_key(written: str, key: str) -> None:
    assert unit_key(written) == key
