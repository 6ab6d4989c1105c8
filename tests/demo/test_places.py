"""Where the demo organizations are: an address lies in its organization's township."""

import random
from collections.abc import Iterator

from shezu.census.normalise.divisions import resolve_address
from shezu.census.normalise.roads import locate_road
from shezu.demo.census import places
from shezu.demo.census.organizations import Organization, Plan, organization
from shezu.demo.census.registration import CATEGORIES

PLAN = Plan.for_scale(0.3)


def every_organization(seed: int = 5) -> Iterator[Organization]:
    for category in CATEGORIES:
        for k in range(PLAN.counts[category.key]):
            yield organization(seed, category.key, k, PLAN)


def test_every_address_road_lies_in_its_organizations_township_by_the_gazetteer() -> None:
    on_roads = 0
    for org in every_organization():
        address = org.address
        assert address.township == org.township, org.org_id
        if not address.road:
            continue
        zone = org.zone.name if org.zone else ""
        found = locate_road(address.county, address.road, address.number, zone=zone)
        assert (found.township or found.zone) == org.township, (org.org_id, address)
        on_roads += 1
    assert on_roads > 0.5 * PLAN.total


def test_an_address_without_a_known_road_names_its_township_and_a_village_of_it() -> None:
    county = places.county_by_code()["530129"]

    address = places.make_address(random.Random(1), county, None, "柯渡镇")

    assert (address.road, address.township) == ("", "柯渡镇")
    text = places.render_address(address, random.Random(2))
    assert resolve_address(text).township == "柯渡镇"


def test_a_filed_group_without_a_road_in_its_township_is_placed_in_its_own_community() -> None:
    county = places.county_by_code()["530129"]

    address = places.make_address(random.Random(1), county, None, "柯渡镇", village="丹桂村")

    assert address.village == "丹桂村"


def test_house_numbers_stay_in_their_stretch_and_on_its_side() -> None:
    county = places.county_by_code()["530102"]
    rng = random.Random(3)

    addresses = [places.make_address(rng, county, None, "护国街道") for _ in range(300)]

    on_renmin = [a.number for a in addresses if a.road == "人民中路"]
    on_zhengyi = [a.number for a in addresses if a.road == "正义路"]
    assert on_renmin and all(n % 2 == 0 for n in on_renmin)  # the even side is 护国街道
    assert on_zhengyi and all(100 <= n <= 999 for n in on_zhengyi)  # 1–99 is 华山街道


def test_the_same_seed_and_index_give_the_same_address() -> None:
    first = [org.address for org in every_organization(seed=9)][:200]
    again = [org.address for org in every_organization(seed=9)][:200]

    assert first == again
