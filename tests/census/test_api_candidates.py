"""`organization_candidates`: every organization a reference could mean, so that an
ambiguous one is refused naming them."""

import pytest

from shezu.census.api import organization_candidates, organization_find
from tests.factories import PHOTOGRAPHERS_USCC, OrganizationFactory, make_uscc, photographers

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    photo = photographers()
    OrganizationFactory(org_id="KM0000200", name="五华区书法家协会")
    OrganizationFactory(org_id="KM0000201", name="盘龙区书法家协会", county_code="530103")
    OrganizationFactory(org_id="KM0000202", name="翠湖社区老年协会", township="华山街道")
    OrganizationFactory(org_id="KM0000203", name="翠湖社区老年协会", township="翠湖街道")
    return photo


def ids(refs):
    return [ref.org_id for ref in refs]


def test_a_credit_code_gives_its_one_organization(register):
    assert ids(organization_candidates(uscc=PHOTOGRAPHERS_USCC.lower())) == ["KM0000123"]
    assert ids(organization_candidates(org_code=PHOTOGRAPHERS_USCC[8:17])) == ["KM0000123"]


def test_a_name_a_former_name_and_a_name_without_its_region(register):
    assert ids(organization_candidates(name="昆明市摄影家协会")) == ["KM0000123"]
    assert ids(organization_candidates(name="昆明市摄影协会")) == ["KM0000123"]  # former
    assert ids(organization_candidates(name="摄影家协会")) == ["KM0000123"]


def test_two_organizations_of_one_name_are_both_candidates(register):
    assert ids(organization_candidates(name="翠湖社区老年协会")) == ["KM0000202", "KM0000203"]
    assert organization_find(name="翠湖社区老年协会") is None


def test_a_core_name_without_region_names_every_compatible_organization(register):
    assert ids(organization_candidates(name="书法家协会")) == ["KM0000200", "KM0000201"]


def test_nothing_matches(register):
    assert organization_candidates(name="昆明市不存在协会") == []
    assert organization_candidates(uscc=make_uscc("51530100", "MJ999999")) == []
    assert organization_candidates() == []


def test_a_name_with_its_county_prefers_that_countys_organization_to_one_without(register):
    OrganizationFactory(org_id="KM0000210", name="宜良县曲艺家研究会", county_code="530125")
    OrganizationFactory(org_id="KM0000211", name="曲艺家研究会", county_code="530125")

    assert ids(organization_candidates(name="昆明市宜良县曲艺家研究会")) == ["KM0000210"]
    assert ids(organization_candidates(name="曲艺家研究会")) == ["KM0000211"]  # its exact name
