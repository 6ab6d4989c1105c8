"""One organization's page: golden record with sources, conflicts, flags, records,
events, who answers for it — and the audit event its personal data calls for."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from shezu.accounts.models import AuditAction, AuditEvent
from shezu.affiliation.models import Assignment, AssignmentRun, ResponsibleBody
from tests.factories import OrganizationEventFactory, OrganizationFactory, photographers

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client: Client, user_in: Callable[[str, str], User]) -> Client:
    client.force_login(user_in("county", "530102"))
    return client


def page(client: Client, org_id: str) -> str:
    response = client.get(reverse("web:organization", args=[org_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_golden_record_with_its_sources(clerk: Client) -> None:
    photographers()

    text = page(clerk, "KM0000123")

    assert "<h1>昆明市摄影家协会</h1>" in text
    assert '<th scope="row">法定代表人</th>\n      <td>李明</td>' in text
    assert '<th scope="row">区县</th>\n      <td>五华区（530102）</td>' in text
    assert "民政 · 民政_社会组织登记.xlsx:12 · 2016-03-31" in text
    # Two departments gave a phone: each source shows the value it gave.
    assert "税务 · 税务_登记信息.csv:7 · 2016-04-30（0871-65123456）" in text
    assert "民政 · 民政_社会组织登记.xlsx:12 · 2016-03-31（0871-64111111）" in text


def test_conflicts_and_flags_in_plain_words(clerk: Client) -> None:
    photographers()

    text = page(clerk, "KM0000123")

    assert "<li>各部门登记信息不一致</li>" in text
    assert "电话不一致" in text
    assert "conflict" not in text


def test_source_records_and_events_newest_first(clerk: Client) -> None:
    organization = photographers()
    OrganizationEventFactory(
        organization=organization, kind="new", happened_at=dt.datetime(2016, 5, 1, tzinfo=dt.UTC)
    )
    OrganizationEventFactory(
        organization=organization,
        kind="renamed",
        as_of=dt.date(2017, 3, 31),
        happened_at=dt.datetime(2017, 5, 1, tzinfo=dt.UTC),
    )

    text = page(clerk, "KM0000123")

    assert "<td>民政</td><td>民政_社会组织登记.xlsx</td><td>12</td><td>2016-03-31</td>" in text
    assert "<td>税务</td><td>税务_登记信息.csv</td><td>7</td><td>2016-04-30</td>" in text
    assert text.index("<td>更名</td>") < text.index("<td>新增</td>")


def test_not_yet_assigned(clerk: Client) -> None:
    photographers()

    assert '<p class="current">尚未分配</p>' in page(clerk, "KM0000123")


def test_the_responsible_body_and_its_history(clerk: Client) -> None:
    photographers()
    run = AssignmentRun.objects.create(as_of=dt.date(2024, 1, 1), rule_version="2024")
    county = ResponsibleBody.objects.create(
        code="530102", name="五华区社会组织党委", kind="county", area_code="530102"
    )
    union = ResponsibleBody.objects.create(
        code="530100-arts", name="昆明市文联党组", kind="supervisor", area_code="530100"
    )
    common = {"org_id": "KM0000123", "rule": "r", "rule_version": "2024", "in_scope": True}
    Assignment.objects.create(
        **common, body=county, mode="locality", valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2024, 6, 1), reason="首次分配", run=run,
    )  # fmt: skip
    Assignment.objects.create(
        **common, body=union, mode="supervisor", valid_from=dt.date(2024, 6, 1),
        reason="业务主管单位已明确", run=run,
    )  # fmt: skip

    text = page(clerk, "KM0000123")

    assert "现由 <strong>昆明市文联党组</strong> 负责（属条），自 2024-06-01 起。" in text
    assert (
        "<tr><td>昆明市文联党组</td><td>属条</td><td>2024-06-01</td><td>至今</td>"
        "<td>业务主管单位已明确</td></tr>"
    ) in text
    assert (
        "<tr><td>五华区社会组织党委</td><td>属地</td><td>2024-01-01</td><td>2024-06-01</td>"
        "<td>首次分配</td></tr>"
    ) in text
    assert text.index("昆明市文联党组</td>") < text.index("五华区社会组织党委</td>")


def test_each_view_is_audited_as_personal_data(clerk: Client) -> None:
    photographers()

    page(clerk, "KM0000123")
    page(clerk, "km0000123")

    events = list(AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL))
    assert [(e.object_type, e.object_id) for e in events] == [
        ("organization", "KM0000123"),
        ("organization", "KM0000123"),
    ]
    assert events[0].username.startswith("county530102")


def test_an_unknown_organization_is_404_and_not_audited(clerk: Client) -> None:
    OrganizationFactory(org_id="KM0000200")

    response = clerk.get(reverse("web:organization", args=["KM0009999"]))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL).exists()
