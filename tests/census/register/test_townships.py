"""The register places organizations in townships (乡镇街道) from their addresses' roads."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from shezu.census.intake.services import batch_import
from shezu.census.models import Organization
from shezu.census.register.queries import TownshipCoverage, township_coverage
from shezu.census.register.services import register_link
from tests.factories import make_uscc

HEADER = [
    "统一社会信用代码",
    "社会组织名称",
    "住所",
    "法定代表人",
    "联系电话",
    "成立日期",
    "登记状态",
]


def civil_row(serial: int, name: str, address: str) -> list[str]:
    uscc = make_uscc("51530102", f"MJ{serial:06d}")
    return [uscc, name, address, "王芳", f"0871-6512345{serial}", "2015-06-01", "正常"]


@pytest.mark.django_db
def test_the_register_counts_organizations_placed_by_road_zone_or_not_at_all(
    csv_file: Callable[..., Path],
) -> None:
    path = csv_file(
        [
            HEADER,
            civil_row(1, "昆明市书法家协会", "昆明市五华区王筇路8号"),
            civil_row(2, "昆明市围棋协会", "五华区人民西路金龙大厦5楼"),  # no number
            civil_row(3, "昆明市软件行业协会", "五华区海源中路8号"),  # 高新区
            civil_row(4, "昆明市摄影家协会", ""),
        ]
    )
    batch_import(path=path, department="民政", as_of=dt.date(2016, 3, 31))

    register_link()

    assert township_coverage() == TownshipCoverage(with_address=3, with_township=2, unresolved=1)
    software = Organization.objects.get(name="昆明市软件行业协会")
    assert (software.fields["township"], software.fields["zone"]) == (
        "昆明国家高新技术产业开发区",
        "昆明国家高新技术产业开发区",
    )
    chess = Organization.objects.get(name="昆明市围棋协会")
    assert chess.fields["township_candidates"] == ["大观街道", "丰宁街道"]
    assert chess.flags == ["missing", "township_unresolved"]
    assert chess.missing == ["township"]
    calligraphy = Organization.objects.get(name="昆明市书法家协会")
    assert (calligraphy.fields["township"], calligraphy.flags) == ("普吉街道", [])


@pytest.mark.django_db
def test_an_empty_register_places_everyone() -> None:
    assert township_coverage().share == 1.0
