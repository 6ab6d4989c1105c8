"""Party organizations' names folded to one key (party/names.py)."""

import pytest

from shezu.party.names import party_name_key, without_region


@pytest.mark.parametrize(
    "spelling",
    [
        "中共昆明市摄影家协会支部委员会",
        "昆明市摄影家协会党支部",
        "中国共产党昆明市摄影家协会支部",
        "中共 昆明市摄影家协会 支部委员会",
    ],
)
def test_the_spellings_of_one_branch_share_a_key(spelling):
    assert party_name_key(spelling) == "昆明市摄影家协会支部"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("中共昆明市律师行业委员会", "昆明市律师行业党委"),
        ("中共昆明市社会组织工作委员会", "昆明市社会组织党工委"),
        ("中共五华区民办教育总支部委员会", "五华区民办教育党总支"),
        ("中共五华区（联合）支部委员会", "五华区(联合)党支部"),
    ],
)
def test_committee_forms_fold(a, b):
    assert party_name_key(a) == party_name_key(b)


def test_a_branch_and_a_general_branch_stay_apart():
    assert party_name_key("五华区书法家协会党支部") != party_name_key("五华区书法家协会党总支")


def test_the_city_in_front_can_be_dropped_but_not_the_county():
    assert without_region(party_name_key("云南省昆明市摄影家协会党支部")) == "摄影家协会支部"
    assert without_region(party_name_key("五华区书法家协会党支部")) == "五华区书法家协会支部"
