"""The census's public surface: what other contexts may ask, and what they get back."""

import dataclasses

import pytest

from shezu.census import api
from shezu.census.api import OrganizationRef
from tests.factories import (
    PHOTOGRAPHERS_USCC,
    OrganizationFactory,
    make_uscc,
    photographers,
)

pytestmark = pytest.mark.django_db

PHOTOGRAPHERS = OrganizationRef(
    org_id="KM0000123",
    name="昆明市摄影家协会",
    uscc=PHOTOGRAPHERS_USCC,
    org_code=PHOTOGRAPHERS_USCC[8:17],
    category="社会团体",
    level="全市性",
    county_code="530102",
    township="华山街道",
    status="正常",
    active=True,
)


@pytest.fixture
def register():
    photo = photographers()
    OrganizationFactory(org_id="KM0000200", name="五华区摄影家协会")
    OrganizationFactory(org_id="KM0000201", name="翠湖社区老年协会", township="华山街道")
    OrganizationFactory(org_id="KM0000202", name="翠湖社区老年协会", township="翠湖街道")
    OrganizationFactory(org_id="KM0000124", name="昆明市摄影协会", active=False, merged_into=photo)
    return photo


def test_a_reference_is_plain_frozen_values():
    fields = {field.name: field.type for field in dataclasses.fields(OrganizationRef)}

    assert list(fields) == [
        "org_id", "name", "uscc", "org_code", "category", "level", "county_code", "township",
        "status", "active",
    ]  # fmt: skip
    with pytest.raises(dataclasses.FrozenInstanceError):
        PHOTOGRAPHERS.name = "x"


def test_find_by_a_credit_code_as_a_department_wrote_it(register):
    assert api.organization_find(uscc=f" {PHOTOGRAPHERS_USCC.lower()} ") == PHOTOGRAPHERS


def test_identifiers_decide_before_the_name(register):
    found = api.organization_find(uscc=PHOTOGRAPHERS_USCC, name="五华区摄影家协会")

    assert found == PHOTOGRAPHERS


def test_find_by_an_organization_code_or_one_inside_a_credit_code(register):
    code = PHOTOGRAPHERS_USCC[8:17]

    assert api.organization_find(org_code=f"{code[:8]}-{code[8]}") == PHOTOGRAPHERS
    assert api.organization_find(uscc=make_uscc("51530102", code[:8])) == PHOTOGRAPHERS


def test_an_unknown_code_falls_back_to_the_name(register):
    found = api.organization_find(uscc=make_uscc("51530100", "MJ999999"), name="五华区摄影家协会")

    assert found is not None
    assert found.org_id == "KM0000200"


def test_find_by_a_name_as_written_normalised_or_former(register):
    assert api.organization_find(name="昆明市摄影家协会") == PHOTOGRAPHERS
    assert api.organization_find(name="昆明市摄影家协会(筹)") == PHOTOGRAPHERS
    assert api.organization_find(name="昆明市摄影协会") == PHOTOGRAPHERS


def test_find_gives_none_when_the_name_is_ambiguous_or_only_the_core_name_fits(register):
    assert api.organization_find(name="翠湖社区老年协会") is None
    assert api.organization_find(name="昆明摄影家协会") is None
    assert api.organization_find(name="不存在的协会") is None
    assert api.organization_find() is None


def test_search_returns_references_by_id(register):
    assert [ref.org_id for ref in api.organizations_search("摄影家协会")] == [
        "KM0000123",
        "KM0000200",
    ]
    assert api.organizations_search("摄影家协会", limit=1) == [PHOTOGRAPHERS]
    assert api.organizations_search("  ") == []


def test_get_follows_an_absorbed_id_and_refuses_an_unknown_one(register):
    assert api.organization_get("km0000124") == PHOTOGRAPHERS
    with pytest.raises(api.RegisterError, match="KM0000999"):
        api.organization_get("KM0000999")
    with pytest.raises(api.RegisterError, match="没有编号为 昆明 的社会组织"):
        api.organization_get("昆明")


def test_the_organizations_of_a_township_are_listed_by_stable_id(register):
    OrganizationFactory(
        org_id="KM0000203", name="华山社区书法协会", township="华山街道", active=False
    )
    huashan = next(town for town in api.townships("530102") if town.name == "华山街道")
    assert api.organization_ids_in_township(huashan.township_code) == ["KM0000123", "KM0000201"]
    assert api.organization_ids_in_township("530102999") == []
