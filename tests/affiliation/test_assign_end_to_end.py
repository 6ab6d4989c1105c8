"""Responsibility end to end on the demo census: link, assign, override, a month's refresh
with a move and a deregistration, re-link, assign again."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from shezu.affiliation.models import Assignment, Classification
from shezu.affiliation.queries import assignment_history, responsible_on
from shezu.affiliation.services import assignment_run, override_set
from shezu.census.intake.services import batch_import, manifest_import
from shezu.census.models import Organization
from shezu.census.register.services import register_link
from shezu.demo.census import Manifest, generate
from tests.census.register.test_register import civil_rows, pick
from tests.factories import write_xlsx

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
APRIL_15, APRIL_30 = dt.date(2016, 4, 15), dt.date(2016, 4, 30)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return generate(tmp_path_factory.mktemp("affiliation"), scale=0.2, seed=11)


def test_assign_after_link_then_refresh(demo: Manifest, tmp_path: Path) -> None:
    manifest_import(manifest=demo.outdir / "manifest.csv")
    register_link()
    first = assignment_run(as_of=APRIL_15)
    active = Organization.objects.filter(active=True).count()

    assert first.organizations == active == Assignment.objects.count()
    assert sum(first.by_mode.values()) == active
    assert set(first.by_mode) == {"属资", "属条", "属地", "分级"}

    rows = civil_rows(demo)
    header = rows[0]
    column = {name: header.index(name) for name in header if name}
    ended, moved, kept = pick(rows[1:], column, 3)
    kept_id = Organization.objects.get(uscc=str(kept[column["统一社会信用代码"]])).org_id
    override_set(kept_id, "行业类型", "其他", reason="核实章程")
    ended[column["登记状态"]] = "注销"
    moved[column["办公地址"]] = "官渡区春城路100号"
    moved[column["业务主管单位"]] = "无"  # and cut loose from its supervising unit
    path = write_xlsx(tmp_path / "民政_2016年4月.xlsx", [header, *rows[1:]])
    batch_import(path=path, department="民政", as_of=APRIL_30)
    register_link()

    second = assignment_run(as_of=APRIL_30)

    ended_id = Organization.objects.get(uscc=str(ended[column["统一社会信用代码"]])).org_id
    moved_id = Organization.objects.get(uscc=str(moved[column["统一社会信用代码"]])).org_id
    assert second.by_reason["不再在册"] >= 1
    assert [a.in_scope for a in assignment_history(ended_id)] == [True, False]
    assert assignment_history(ended_id)[-1].reason == "不再在册"
    moved_stretches = assignment_history(moved_id)
    assert len(moved_stretches) == 2
    assert moved_stretches[-1].reason.startswith("迁址：")
    now = responsible_on(moved_id, APRIL_30)
    assert now is not None and now.body.area_code[:6] in ("530111", "530100")
    before = responsible_on(moved_id, dt.date(2016, 4, 20))
    assert before is not None and before.valid_to == APRIL_30
    assert Classification.objects.get(org_id=kept_id).field == "其他"
    # Stretches never overlap; every organization has exactly one open.
    still_open = Assignment.objects.filter(valid_to__isnull=True)
    open_ids = list(still_open.values_list("org_id", flat=True))
    assert len(open_ids) == len(set(open_ids)) == Organization.objects.filter(active=True).count()

    out = tmp_path / "assignments.csv"
    call_command("assign_export", str(out), "--as-of", "2016-04-30", stdout=io.StringIO())
    exported = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(exported) == len({r["org_id"] for r in exported}) == len(open_ids)
    assert all(r["mode"] in {"属资", "属条", "属地", "分级"} and r["body_code"] for r in exported)
    assert {r["in_scope"] for r in exported} == {"0", "1"}
