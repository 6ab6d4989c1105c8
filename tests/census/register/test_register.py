"""The master register end to end: import the demo census, link, refresh a month later."""

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from shezu.census.intake.services import batch_import, manifest_import
from shezu.census.models import (
    LinkRun,
    Organization,
    OrganizationEvent,
    OrganizationNameKey,
    RecordLink,
    ReviewItem,
    SourceRecord,
)
from shezu.census.register.queries import organizations_search, township_coverage
from shezu.census.register.services import register_link
from shezu.census.review.services import review_decide
from shezu.demo.census import Manifest, generate
from tests.factories import ReviewItemFactory, make_uscc, write_xlsx

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
CIVIL = "民政_社会组织登记.xlsx"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return generate(tmp_path_factory.mktemp("register"), scale=0.2, seed=11)


@pytest.fixture
def linked(demo: Manifest) -> LinkRun:
    manifest_import(manifest=demo.outdir / "manifest.csv")
    return register_link()


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def org_ids() -> dict[int, str]:
    return dict(SourceRecord.objects.values_list("pk", "organization__org_id"))


def test_link_puts_every_record_in_one_organization_and_says_so(linked: LinkRun) -> None:
    summary = linked.summary

    assert SourceRecord.objects.filter(organization=None).count() == 0
    assert Organization.objects.filter(active=True).count() == summary["organizations"]
    assert summary["new"] == summary["organizations"]
    assert RecordLink.objects.filter(run=linked).count() == (
        summary["deterministic_links"] + summary["filing_links"] + summary["probabilistic_links"]
    )
    assert summary["records"] - summary["organizations"] == RecordLink.objects.count()
    # the demo gives a reviewer something to decide, as real lists do
    assert 0 < ReviewItem.objects.count() == summary["review_items"]


def test_the_organization_count_matches_the_ground_truth(demo: Manifest, linked: LinkRun) -> None:
    with (demo.outdir / "ground_truth.csv").open(encoding="utf-8") as handle:
        accepted = {r["org_id"] for r in csv.DictReader(handle) if r["expected"] == "accepted"}

    assert abs(linked.organizations - len(accepted)) <= 0.005 * len(accepted)


def test_nearly_every_organization_with_an_address_is_placed_in_a_township_or_zone(
    linked: LinkRun,
) -> None:
    found = township_coverage()

    assert found.with_address >= 0.95 * linked.organizations
    assert found.share >= 0.95
    assert found.with_township >= 0.85 * found.with_address  # the rest mostly in zones


def test_ids_are_stable_across_runs_and_a_decision_survives(linked: LinkRun) -> None:
    before = org_ids()
    model_link = RecordLink.objects.filter(kind="model").order_by("pk").first()
    assert model_link is not None
    item = ReviewItemFactory(
        record_a=model_link.record_a, record_b=model_link.record_b, probability=0.995
    )
    review_decide(item_id=item.pk, decision="distinct", note="两个不同的协会", user="张敏")

    again = register_link()

    after = org_ids()
    changed = {r: after[r] for r in after if after[r] != before[r]}
    assert set(changed.values()) == {Organization.objects.get(first_run=again).org_id}
    assert after[model_link.record_a_id] != after[model_link.record_b_id]
    assert again.summary["new"] == 1
    item.refresh_from_db()
    assert (item.status, item.note) == ("distinct", "两个不同的协会")


def test_a_rerun_writes_name_keys_only_for_organizations_whose_names_changed(
    linked: LinkRun,
) -> None:
    def names() -> dict[int, tuple[str, list[str]]]:
        rows = Organization.objects.values_list("pk", "name", "fields__former_names")
        return {pk: (name, former) for pk, name, former in rows}

    before = names()
    last_key = OrganizationNameKey.objects.order_by("pk").last()
    assert last_key is not None
    model_link = RecordLink.objects.filter(kind="model").order_by("pk").first()
    assert model_link is not None
    ReviewItemFactory(
        record_a=model_link.record_a,
        record_b=model_link.record_b,
        probability=0.995,
        status="distinct",
    )

    register_link()

    after = names()
    renamed = {pk for pk in after if after[pk] != before.get(pk)}
    rewritten = OrganizationNameKey.objects.filter(pk__gt=last_key.pk)
    assert set(rewritten.values_list("organization_id", flat=True)) == renamed
    assert 1 <= len(renamed) <= 2  # the organization split off, and perhaps the one it left


def test_the_run_keys_every_named_organization_and_a_credit_code_finds_its_own(
    linked: LinkRun,
) -> None:
    coded = Organization.objects.filter(active=True).exclude(uscc="").order_by("org_id")
    keyed = OrganizationNameKey.objects.filter(kind="name").values("organization_id")
    first = coded.first()
    assert first is not None

    search = organizations_search(first.uscc.lower())

    assert [org.org_id for org in search.organizations] == [first.org_id]
    assert first.org_code == first.uscc[8:17]
    assert not Organization.objects.filter(active=True).exclude(name="").exclude(pk__in=keyed)


def test_export_links_lists_every_record_with_its_organization(
    linked: LinkRun, tmp_path: Path
) -> None:
    out = tmp_path / "links.csv"

    run_command("census_export_links", str(out))

    with out.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["file", "row", "org_id"]
    assert len(rows) - 1 == SourceRecord.objects.count()
    record = SourceRecord.objects.select_related("batch", "organization").get(
        batch__file_name=CIVIL, row_number=1
    )
    assert [CIVIL, "1", record.organization.org_id] in rows  # type: ignore[union-attr]


def test_export_ledger_writes_one_row_per_organization(linked: LinkRun, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"

    run_command("census_export_ledger", str(out))

    sheet = openpyxl.load_workbook(out)["台账"]
    assert sheet.max_row - 1 == Organization.objects.filter(active=True).count()
    assert sheet.freeze_panes == "A2"
    first = Organization.objects.filter(active=True).order_by("org_id").first()
    assert first is not None
    assert [sheet["A2"].value, sheet["B2"].value] == [first.org_id, first.name]


def test_a_crash_leaves_the_register_as_it_was(
    linked: LinkRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (org_ids(), LinkRun.objects.count(), OrganizationEvent.objects.count())

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("shezu.census.register.services._write_review", crash)
    with pytest.raises(RuntimeError):
        register_link()

    assert (org_ids(), LinkRun.objects.count(), OrganizationEvent.objects.count()) == before


# ---------------------------------------------------------------- a month later


def civil_rows(demo: Manifest) -> list[list[Any]]:
    sheet = CalamineWorkbook.from_path(str(demo.outdir / CIVIL)).get_sheet_by_name("登记信息")
    rows = sheet.to_python()
    return [list(row) for row in rows[1:]]  # the header is on row 2, under a title


def pick(rows: list[list[Any]], column: dict[str, int], count: int) -> list[list[Any]]:
    """Active rows whose credit code the register holds as written, with a county that is
    not 官渡区 (a move needs a known county to move from)."""
    placed = Organization.objects.exclude(uscc="").exclude(county_code__in=["", "530111"])
    registered = set(placed.values_list("uscc", flat=True))
    return [
        row
        for row in rows
        if str(row[column["统一社会信用代码"]]) in registered
        and row[column["登记状态"]] == "正常"
        and "官渡" not in str(row[column["办公地址"]])
    ][:count]


def test_a_monthly_refresh_reports_what_changed(
    demo: Manifest, linked: LinkRun, tmp_path: Path
) -> None:
    rows = civil_rows(demo)
    header = rows[0]
    column = {name: header.index(name) for name in header if name}
    renamed, ended, moved, gone = pick(rows[1:], column, 4)
    renamed_uscc = str(renamed[column["统一社会信用代码"]])
    old_name = Organization.objects.get(uscc=renamed_uscc).name
    gone_uscc = str(gone[column["统一社会信用代码"]])
    renamed[column["曾用名"]] = renamed[column["社会组织名称"]]
    renamed[column["社会组织名称"]] = "昆明市晨曦公益服务促进会"
    ended[column["登记状态"]] = "注销"
    moved[column["办公地址"]] = "官渡区春城路100号"
    new_row = [None] * len(header)
    new_row[column["社会组织名称"]] = "昆明市新成立志愿者协会"
    new_row[column["统一社会信用代码"]] = make_uscc("51530100", "MA6N0Q1A")
    new_row[column["社会组织类型"]] = "社会团体"
    new_row[column["登记管理机关"]] = "昆明市民政局"
    new_row[column["登记状态"]] = "正常"
    april = [row for row in rows[1:] if row is not gone] + [new_row]
    path = write_xlsx(tmp_path / "民政_2016年4月.xlsx", [header, *april])
    batch_import(path=path, department="民政", as_of=dt.date(2016, 4, 30))

    register_link()
    # The demo's lists are dated up to 15 April: what the April 30 list showed comes after.
    report = json.loads(run_command("census_changes", "--since", "2016-04-16", "--json"))

    def names(kind: str) -> list[str]:
        return sorted(event["name"] for event in report["changes"][kind])

    assert names("new") == ["昆明市新成立志愿者协会"]
    assert [(e["before"]["name"], e["after"]["name"]) for e in report["changes"]["renamed"]] == [
        (old_name, "昆明市晨曦公益服务促进会")
    ]
    renamed_id = Organization.objects.get(uscc=renamed_uscc).org_id
    for name in ("昆明市晨曦公益服务促进会", old_name):
        assert [org.org_id for org in organizations_search(name).organizations] == [renamed_id]
    assert report["counts"]["deregistered"] == 1
    assert [e["after"]["county_code"] for e in report["changes"]["moved"]] == ["530111"]
    assert [e["org_id"] for e in report["changes"]["vanished"]] == [
        Organization.objects.get(uscc=gone_uscc).org_id
    ]
    dated = {e["as_of"] for events in report["changes"].values() for e in events}
    assert dated == {"2016-04-30"}  # the April list showed them all
