"""The responsibility pages: why an organization has its body, a person's correction of
its classification, a body's page and its responsibility list (责任清单)."""

import io
from collections.abc import Callable

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from shezu.accounts.models import AuditAction, AuditEvent
from shezu.affiliation.models import ClassificationOverride, ResponsibleBody
from shezu.affiliation.services import assignment_run
from shezu.web import responsibility_views
from tests.affiliation.test_assign_services import MARCH, register
from tests.factories import PANLONG, WUHUA

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned() -> None:
    register()
    assignment_run(as_of=MARCH)


@pytest.mark.usefixtures("assigned")
def test_the_explanation_shows_the_deciding_rule_and_the_history(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    client.force_login(user_in("county", WUHUA))

    response = client.get(reverse("web:responsibility", args=["KM0000002"]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "〔supervisor〕 ✔ 适用，由此确定" in page
    assert "〔lawyers〕 ✘" in page
    assert "结论：属条" in page
    assert "首次分配" in page
    assert "2016-03-31" in page
    assert 'name="reason"' in page  # a county clerk may correct


@pytest.mark.usefixtures("assigned")
def test_the_organization_page_links_to_the_explanation(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    client.force_login(user_in("county", WUHUA))

    page = client.get(reverse("web:organization", args=["KM0000002"])).content.decode()

    assert reverse("web:responsibility", args=["KM0000002"]) in page


@pytest.mark.usefixtures("assigned")
def test_an_override_is_stored_with_its_reason_and_audited(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    user = user_in("county", WUHUA)
    client.force_login(user)
    url = reverse("web:responsibility", args=["KM0000002"])

    response = client.post(
        url, {"attribute": "field", "value": "文化体育", "reason": "核实章程"}, follow=True
    )

    assert response.status_code == 200
    stored = ClassificationOverride.objects.get(org_id="KM0000002", attribute="field")
    assert (stored.value, stored.reason) == ("文化体育", "核实章程")
    assert stored.decided_by == user.username
    event = AuditEvent.objects.get(action=AuditAction.CHANGE)
    assert (event.object_id, event.username) == ("KM0000002", user.username)
    assert "shezu assign run" in response.content.decode()


@pytest.mark.usefixtures("assigned")
def test_an_override_is_withdrawn_from_the_page_and_audited(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    client.force_login(user_in("county", WUHUA))
    url = reverse("web:responsibility", args=["KM0000002"])
    client.post(url, {"attribute": "field", "value": "文化体育", "reason": "核实章程"})
    client.post(url, {"attribute": "level", "value": "县级", "reason": "核实登记证"})
    assert "撤销更正" in client.get(url).content.decode()

    response = client.post(url, {"attribute": "field", "action": "withdraw"}, follow=True)
    again = client.post(url, {"attribute": "field", "action": "withdraw"}, follow=True)

    assert "已撤销行业类型的人工更正" in response.content.decode()
    assert "行业类型没有人工更正可撤销" in again.content.decode()
    left = ClassificationOverride.objects.filter(org_id="KM0000002")
    assert [o.attribute for o in left] == ["level"]
    events = AuditEvent.objects.filter(action=AuditAction.CHANGE).order_by("id")
    assert [e.detail.get("withdrawn", False) for e in events] == [False, False, True]


@pytest.mark.usefixtures("assigned")
def test_an_override_without_a_reason_is_refused(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    client.force_login(user_in("county", WUHUA))

    response = client.post(
        reverse("web:responsibility", args=["KM0000002"]),
        {"attribute": "field", "value": "文化", "reason": " "},
        follow=True,
    )

    assert "须写明理由" in response.content.decode()
    assert not ClassificationOverride.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGE).exists()


@pytest.mark.usefixtures("assigned")
def test_an_inspector_sees_no_form_and_cannot_post(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    client.force_login(user_in("inspector", WUHUA))
    url = reverse("web:responsibility", args=["KM0000002"])

    page = client.get(url).content.decode()
    response = client.post(url, {"attribute": "field", "value": "文化", "reason": "核实章程"})

    assert 'name="reason"' not in page
    assert response.status_code == 404
    assert not ClassificationOverride.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGE).exists()


@pytest.mark.usefixtures("assigned")
def test_the_body_page_lists_exactly_the_visible_organizations(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    client.force_login(user_in("township", "530102001"))  # 华山街道

    own = client.get(reverse("web:body", args=["530102001"]))
    below = client.get(reverse("web:body", args=["530102001"]), {"below": "1"})
    client.force_login(user_in("county", WUHUA))
    county = client.get(reverse("web:body", args=[WUHUA]), {"below": "1"})
    client.force_login(user_in("city", "530100"))
    city = client.get(reverse("web:body", args=["530100"]), {"below": "1"})

    assert [row[0].org_id for row in own.context["page"]] == ["KM0000006"]
    assert [row[0].org_id for row in below.context["page"]] == ["KM0000006"]
    # Below 五华区: its committee for the arts, 华山街道; not the city's nor the zone's.
    assert sorted(row[0].org_id for row in county.context["page"]) == ["KM0000002", "KM0000006"]
    assert (city.context["total"], len(city.context["page"])) == (6, 6)


@pytest.mark.usefixtures("assigned")
def test_the_body_page_pages_its_list(
    client: Client, user_in: Callable[[str, str], User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(responsibility_views, "BODY_PAGE_SIZE", 4)
    client.force_login(user_in("city", "530100"))
    url = reverse("web:body", args=["530100"])

    first = client.get(url, {"below": "1"})
    second = client.get(url, {"below": "1", "page": "2"})

    assert (first.context["total"], len(first.context["page"]), len(second.context["page"])) == (
        6,
        4,
        2,
    )
    shown = [row[0].org_id for row in [*first.context["page"], *second.context["page"]]]
    assert len(set(shown)) == 6
    assert 'href="?below=1&amp;page=2" rel="next"' in first.content.decode()
    assert "负责的社会组织（6）" in first.content.decode()


@pytest.mark.usefixtures("assigned")
def test_a_body_outside_the_area_is_404(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    client.force_login(user_in("county", PANLONG))

    assert client.get(reverse("web:body", args=[WUHUA])).status_code == 404
    assert client.get(reverse("web:body", args=["530100"])).status_code == 404
    assert client.get(reverse("web:body_ledger", args=[WUHUA])).status_code == 404
    assert client.get(reverse("web:body", args=["no-such-body"])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.usefixtures("assigned")
def test_the_ledger_downloads_as_an_audited_xlsx(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    user = user_in("county", WUHUA)
    client.force_login(user)

    response = client.get(reverse("web:body_ledger", args=[WUHUA]), {"below": "1"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith("attachment")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    ids = [row[0] for row in workbook["责任清单"].iter_rows(min_row=2, values_only=True)]
    assert sorted(ids) == ["KM0000002", "KM0000006"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.object_id, event.username) == (WUHUA, user.username)
    assert event.detail["organizations"] == 2


@pytest.mark.usefixtures("assigned")
def test_the_history_links_only_to_reachable_bodies(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    client.force_login(user_in("county", WUHUA))

    own = client.get(reverse("web:responsibility", args=["KM0000002"])).content.decode()
    city = client.get(reverse("web:responsibility", args=["KM0000004"])).content.decode()

    assert reverse("web:body", args=["530102-arts"]) in own
    assert reverse("web:body", args=["530100"]) not in city


@pytest.mark.usefixtures("assigned")
def test_no_ledger_below_a_body_with_a_child_outside_the_area(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    county = ResponsibleBody.objects.get(code=WUHUA)
    ResponsibleBody.objects.create(
        code="530103-odd", name="盘龙区某党委", kind="industry", area_code=PANLONG, parent=county
    )
    client.force_login(user_in("county", WUHUA))

    assert client.get(reverse("web:body_ledger", args=[WUHUA])).status_code == 200
    assert client.get(reverse("web:body_ledger", args=[WUHUA]), {"below": "1"}).status_code == 404
