"""The clerical review pages (人工审核): what a user sees, and a reviewer's verdict."""

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from shezu.accounts.models import AuditEvent
from shezu.census.models import Organization, ReviewItem
from shezu.web import jobs
from shezu.web.models import Job, JobKind, JobState
from tests.factories import (
    PANLONG,
    WUHUA,
    ImportBatchFactory,
    OrganizationFactory,
    ReviewItemFactory,
    SourceRecordFactory,
)

pytestmark = pytest.mark.django_db


def _item(
    organization: Organization | None,
    *,
    probability: float = 0.9,
    status: str = "pending",
    other: Organization | None = None,
) -> ReviewItem:
    """A pair: record A of `organization` (民政), record B of `other` (市场监管)."""
    item: ReviewItem = ReviewItemFactory(
        record_a=SourceRecordFactory(name="昆明市摄影家协会", organization=organization),
        record_b=SourceRecordFactory(
            name="昆明摄影家协会",
            organization=other,
            batch=ImportBatchFactory(department="市场监管"),
        ),
        probability=probability,
        status=status,
        reason="名称相近",
    )
    return item


@pytest.fixture
def wuhua() -> Organization:
    organization: Organization = OrganizationFactory(org_id="KM0000101", county_code=WUHUA)
    return organization


@pytest.fixture
def panlong() -> Organization:
    organization: Organization = OrganizationFactory(org_id="KM0000102", county_code=PANLONG)
    return organization


def test_the_list_shows_only_visible_items_with_exact_counts(
    client: Client, user_in: Callable[[str, str], User], wuhua: Organization, panlong: Organization
) -> None:
    mine = _item(wuhua, probability=0.8)
    shared = _item(panlong, other=wuhua, probability=0.95)  # record B is 五华区's
    _item(wuhua, status="match")
    _item(wuhua, status="distinct")
    _item(wuhua, status="distinct")
    _item(panlong)  # 盘龙区 only
    _item(panlong, status="match")
    _item(None)  # no organization yet: the city's alone
    client.force_login(user_in("county", WUHUA))

    response = client.get(reverse("web:review_list"))

    assert response.status_code == 200
    assert [item.pk for item, _ in response.context["rows"]] == [shared.pk, mine.pk]
    assert response.context["counts"] == [("待审核", 2), ("同一组织", 1), ("不同组织", 2)]
    assert response.context["total"] == 5
    page = response.content.decode()
    assert "95.0%" in page and "名称相近" in page and "市场监管" in page
    assert reverse("web:review_item", args=[mine.pk]) in page


def test_the_city_sees_every_item(
    client: Client, user_in: Callable[[str, str], User], wuhua: Organization, panlong: Organization
) -> None:
    _item(wuhua)
    _item(panlong)
    _item(None)
    client.force_login(user_in("city", "530100"))

    assert len(client.get(reverse("web:review_list")).context["rows"]) == 3


def test_the_item_page_shows_both_sides(
    client: Client, user_in: Callable[[str, str], User], wuhua: Organization
) -> None:
    item = _item(wuhua)
    item.evidence = {"fields": {"name": {"level": "名称相近", "weight": 4.5}}}
    item.save()
    client.force_login(user_in("county", WUHUA))

    response = client.get(reverse("web:review_item", args=[item.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "昆明市摄影家协会" in page and "昆明摄影家协会" in page
    assert "民政" in page and "市场监管" in page
    assert "支持是同一组织" in page
    assert 'value="match"' in page and 'value="distinct"' in page and 'value="skip"' in page
    # Both records show people's names and phones: the view is in the audit log.
    viewed = AuditEvent.objects.filter(action="view_personal", object_type="review_item")
    assert list(viewed.values_list("object_id", flat=True)) == [str(item.pk)]


@pytest.mark.parametrize(("button", "status"), [("match", "match"), ("distinct", "distinct")])
def test_a_decision_is_stored_and_audited(
    client: Client,
    user_in: Callable[[str, str], User],
    wuhua: Organization,
    button: str,
    status: str,
) -> None:
    item = _item(wuhua, probability=0.9)
    following = _item(wuhua, probability=0.7)
    user = user_in("county", WUHUA)
    client.force_login(user)

    response = client.post(
        reverse("web:review_item", args=[item.pk]), {"decision": button, "note": "同一地址"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("web:review_item", args=[following.pk])
    item.refresh_from_db()
    assert (item.status, item.decided_by, item.note) == (status, user.username, "同一地址")
    event = AuditEvent.objects.get(action="change")
    assert (event.username, event.object_type, event.object_id) == (
        user.username,
        "review_item",
        str(item.pk),
    )
    shown = client.get(response["Location"]).content.decode()
    assert "shezu census link" in shown


def test_the_last_decision_returns_to_the_list(
    client: Client, user_in: Callable[[str, str], User], wuhua: Organization
) -> None:
    item = _item(wuhua)
    client.force_login(user_in("county", WUHUA))

    response = client.post(reverse("web:review_item", args=[item.pk]), {"decision": "match"})

    assert response["Location"] == reverse("web:review_list")


def test_skip_stores_nothing(
    client: Client, user_in: Callable[[str, str], User], wuhua: Organization
) -> None:
    item = _item(wuhua, probability=0.9)
    following = _item(wuhua, probability=0.7)
    client.force_login(user_in("county", WUHUA))

    response = client.post(reverse("web:review_item", args=[item.pk]), {"decision": "skip"})

    assert response["Location"] == reverse("web:review_item", args=[following.pk])
    item.refresh_from_db()
    assert (item.status, item.decided_by, item.decided_at) == ("pending", "", None)
    assert not AuditEvent.objects.filter(action="change").exists()


def test_an_inspector_cannot_decide(
    client: Client, user_in: Callable[[str, str], User], wuhua: Organization
) -> None:
    item = _item(wuhua)
    client.force_login(user_in("inspector", WUHUA))

    page = client.get(reverse("web:review_item", args=[item.pk]))
    refused = client.post(reverse("web:review_item", args=[item.pk]), {"decision": "match"})

    assert page.status_code == 200
    assert 'value="match"' not in page.content.decode()
    assert refused.status_code == 403
    item.refresh_from_db()
    assert item.status == "pending"


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_the_administrators_see_no_review(
    client: Client, user_in: Callable[[str, str], User], wuhua: Organization, role: str
) -> None:
    item = _item(wuhua)
    client.force_login(user_in(role, "530100"))

    assert client.get(reverse("web:review_list")).status_code == 404
    assert client.get(reverse("web:review_item", args=[item.pk])).status_code == 404
    posted = client.post(reverse("web:review_item", args=[item.pk]), {"decision": "match"})
    assert posted.status_code == 404
    item.refresh_from_db()
    assert item.status == "pending"


def test_out_of_area_is_404_on_get_and_post(
    client: Client, user_in: Callable[[str, str], User], panlong: Organization
) -> None:
    item = _item(panlong)
    client.force_login(user_in("county", WUHUA))

    assert client.get(reverse("web:review_item", args=[item.pk])).status_code == 404
    posted = client.post(reverse("web:review_item", args=[item.pk]), {"decision": "match"})
    assert posted.status_code == 404
    item.refresh_from_db()
    assert item.status == "pending"
    assert client.get(reverse("web:review_item", args=[999999])).status_code == 404


@pytest.fixture
def quick_link(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The relink job's engine replaced: the stages it was told, nothing linked."""
    stages: list[str] = []

    def register_link(*, progress: Callable[[str], None]) -> object:
        progress("reading")
        stages.append("reading")
        return SimpleNamespace(pk=1, records=2)

    monkeypatch.setattr(jobs, "register_link", register_link)
    return stages


def test_decide_and_relink_decides_then_queues_a_relink_and_shows_it(
    client: Client, user_in: Callable[[str, str], User], wuhua: Organization, quick_link: list[str]
) -> None:
    item = _item(wuhua)
    user = user_in("county", WUHUA)
    client.force_login(user)

    response = client.post(
        reverse("web:review_item", args=[item.pk]), {"decision": "match_relink", "note": ""}
    )

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:job", args=[job.pk])
    item.refresh_from_db()
    assert (item.status, item.decided_by) == ("match", user.username)
    assert (job.kind, job.state, job.created_by) == (JobKind.RELINK, JobState.DONE, user)
    assert quick_link == ["reading"]
    assert sorted(
        AuditEvent.objects.filter(action="change").values_list("object_type", flat=True)
    ) == [
        "relink_job",
        "review_item",
    ]


def test_decide_and_relink_joins_the_relink_already_running(
    client: Client, user_in: Callable[[str, str], User], wuhua: Organization, quick_link: list[str]
) -> None:
    item = _item(wuhua)
    running = Job.objects.create(
        kind=JobKind.RELINK,
        state=JobState.RUNNING,
        created_by=user_in("city", "530100"),
        area_code="530100",
    )
    client.force_login(user_in("county", WUHUA))

    response = client.post(
        reverse("web:review_item", args=[item.pk]), {"decision": "distinct_relink"}
    )

    assert response["Location"] == reverse("web:job", args=[running.pk])
    item.refresh_from_db()
    assert item.status == "distinct"
    assert Job.objects.count() == 1 and quick_link == []
    # The city started it, and the county reviewer who joined it may follow it.
    assert client.get(response["Location"]).status_code == 200


def test_a_township_reviewer_may_decide_but_not_relink(
    client: Client, user_in: Callable[[str, str], User], quick_link: list[str]
) -> None:
    organization = OrganizationFactory(org_id="KM0000103", township="华山街道")
    item = _item(organization)
    client.force_login(user_in("township", "530102001"))

    page = client.get(reverse("web:review_item", args=[item.pk])).content.decode()
    response = client.post(reverse("web:review_item", args=[item.pk]), {"decision": "match_relink"})

    assert 'value="match"' in page and "match_relink" not in page
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "pending" and Job.objects.count() == 0
