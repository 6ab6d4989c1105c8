"""The dashboard skeleton counts what the user's area holds, and nothing else."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.factories import (
    PANLONG,
    WUHUA,
    ImportBatchFactory,
    OrganizationFactory,
    ReviewItemFactory,
    SourceRecordFactory,
    VerificationTaskFactory,
)

pytestmark = pytest.mark.django_db


def _register() -> None:
    civil = ImportBatchFactory(department="民政")
    tax = ImportBatchFactory(department="税务", file_name="税务.csv")
    wuhua = OrganizationFactory(org_id="KM0000001", name="五华区书法家协会", township="华山街道")
    other = OrganizationFactory(org_id="KM0000002", name="五华区摄影家协会", township="华山街道")
    panlong = OrganizationFactory(org_id="KM0000003", name="盘龙区书法家协会", county_code=PANLONG)
    for organization in (wuhua, other, panlong):
        SourceRecordFactory(batch=civil, name=organization.name, organization=organization)
    pair = [SourceRecordFactory(batch=tax, name=wuhua.name, organization=wuhua) for _ in range(2)]
    ReviewItemFactory(record_a=pair[0], record_b=pair[1])
    VerificationTaskFactory(organization=wuhua)
    VerificationTaskFactory(organization=panlong)


def test_a_county_sees_its_own_counts(client: Client, user_in: Callable[[str, str], User]) -> None:
    _register()
    client.force_login(user_in("county", WUHUA))

    response = client.get(reverse("web:home"))

    context = response.context
    assert response.status_code == 200
    assert context["organizations"] == 2
    assert context["by_county"] == [("五华区", 2)]
    assert context["by_source"] == [("民政", 2), ("税务", 1)]
    assert (context["review_pending"], context["tasks_open"]) == (1, 1)


def test_the_city_sees_every_county(client: Client, user_in: Callable[[str, str], User]) -> None:
    _register()
    client.force_login(user_in("city", "530100"))

    context = client.get(reverse("web:home")).context

    assert context["organizations"] == 3
    assert context["by_county"] == [("五华区", 2), ("盘龙区", 1)]
    assert context["tasks_open"] == 2


def test_an_administrator_sees_no_business_data(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    _register()
    client.force_login(user_in("sysadmin", "530100"))

    response = client.get(reverse("web:home"))

    assert "管理员账号不查看业务数据" in response.content.decode()
    assert "organizations" not in response.context
