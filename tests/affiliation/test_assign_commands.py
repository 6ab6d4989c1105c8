"""`shezu assign …`: each command end to end through call_command."""

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from shezu.affiliation.models import Assignment, ClassificationOverride
from tests.affiliation.test_assign_services import RULES_2018, register

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_run_prints_counts_by_mode_and_county_and_dry_run_writes_nothing() -> None:
    register()

    printed = run("assign_run", "--as-of", "2016-03-31")

    assert "责任分配 · 截至 2016-03-31 · 规则版本 kunming-2016 · 6 个组织，其中在册 5 个" in printed
    assert "│ 属资     │      1 │" in printed
    assert "│ 属条     │      2 │" in printed
    assert "│ 高新区        │      1 │" in printed
    assert "变更 6 个组织的责任归属" in printed
    assert "  首次分配：6" in printed
    assert Assignment.objects.count() == 6
    again = run("assign_run", "--as-of", "2016-04-30", "--dry-run")
    assert again.startswith("预演（未写入）")
    assert "将变更 0 个组织的责任归属" in again
    assert Assignment.objects.count() == 6


def test_explain_and_who() -> None:
    register()
    run("assign_run", "--as-of", "2016-03-31")

    explained = run("assign_explain", "km0000002", "--on", "2016-04-01")
    who = run("assign_who", "KM0000002", "--on", "2016年5月1日")

    assert "KM0000002 五华区书法家协会" in explained
    assert "业务主管单位 │ 五华区文学艺术界联合会 │ 登记信息：业务主管单位" in explained
    assert (
        "  3. 党政机关、事业单位、人民团体和企业举办的，由举办单位党组织负责（谁举办谁负责）"
        "〔founder〕 ✘ 条件不符：举办单位类型未知" in explained
    )
    assert (
        "  4. 有业务主管单位的，由业务主管单位党组织负责（谁主管谁负责）〔supervisor〕 "
        "✔ 适用，由此确定" in explained
    )
    assert "结论：属条，由「五华区文学艺术界联合会机关党委」（530102-arts）负责" in explained
    assert who == (
        "KM0000002 在 2016-05-01 由「五华区文学艺术界联合会机关党委」（530102-arts）负责，属条，"
        "规则 supervisor（kunming-2016），2016-03-31 – 至今，原因：首次分配\n"
    )


def test_export_has_one_row_per_organization(tmp_path: Path) -> None:
    register()
    run("assign_run", "--as-of", "2016-03-31")
    out = tmp_path / "assignments.csv"

    printed = run("assign_export", str(out), "--as-of", "2016-04-01")

    assert printed.startswith("6 个组织（截至 2016-04-01）")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["org_id"] for r in rows] == [f"KM000000{n}" for n in range(1, 7)]
    assert rows[4] == {
        "org_id": "KM0000005", "in_scope": "1", "mode": "分级", "body_code": "530102401",
        "body_name": "高新区社会组织党委", "body_area": "530102401", "rule": "county-level",
        "since": "2016-03-31",
    }  # fmt: skip
    assert rows[5]["in_scope"] == "0"  # filed only
    before = list(csv.DictReader(io.StringIO(_export(tmp_path, "2016-01-01"))))
    assert [(r["org_id"], r["mode"]) for r in before][:2] == [("KM0000001", ""), ("KM0000002", "")]


def _export(tmp_path: Path, on: str) -> str:
    out = tmp_path / f"{on}.csv"
    run("assign_export", str(out), "--as-of", on)
    return out.read_text(encoding="utf-8-sig")


def test_export_refuses_while_the_register_has_unassigned_organizations(tmp_path: Path) -> None:
    register()

    with pytest.raises(CommandError, match="台账中有 6 个组织尚未分配责任主体"):
        run("assign_export", str(tmp_path / "a.csv"))


def test_ledger_lists_a_bodys_organizations(tmp_path: Path) -> None:
    register()
    run("assign_run", "--as-of", "2016-03-31")
    out = tmp_path / "五华区.xlsx"

    printed = run("assign_ledger", "530102", str(out), "--below")

    # Its supervising units' and streets' bodies are below it; the zone's is not.
    assert printed.startswith("五华区社会组织党委（530102）责任清单 2 个组织")
    rows = list(openpyxl.load_workbook(out)["责任清单"].iter_rows(values_only=True))
    assert rows[0][:3] == ("组织编号", "名称", "统一社会信用代码")
    assert sorted((row[0], row[13], row[16]) for row in rows[1:]) == [
        ("KM0000002", "五华区文学艺术界联合会机关党委", "是"),
        ("KM0000006", "华山街道党工委", "否"),
    ]
    assert run("assign_ledger", "530102", str(out)).startswith(
        "五华区社会组织党委（530102）责任清单 0 个组织"
    )


def test_override_and_rules_commands(tmp_path: Path) -> None:
    register()
    run("assign_run", "--as-of", "2016-03-31")
    path = tmp_path / "kunming-2018.yaml"
    path.write_text(RULES_2018, encoding="utf-8")

    said = run("assign_override", "KM0000004", "行业类型", "行业协会商会", "--reason", "商会")
    with pytest.raises(CommandError, match="尚未预览"):
        run("assign_rules_adopt", str(path))
    preview = run("assign_rules_preview", str(path))
    adopted = run("assign_rules_adopt", str(path))

    assert said.startswith("KM0000004 的行业类型已更正为「行业协会商会」")
    assert ClassificationOverride.objects.get().reason == "商会"
    assert (
        "规则版本 kunming-2018「行业协会商会脱钩后由行业协会商会党委负责」，"
        "2016-07-01 起生效，2 条规则" in preview
    )
    assert "  规则版本变更：6" in preview
    assert adopted.startswith("规则版本 kunming-2018 已采用，自 2016-07-01 起适用")
    run("assign_run", "--as-of", "2016-09-30")
    assert Assignment.objects.get(org_id="KM0000004", valid_to__isnull=True).rule == "decoupled"
    assert (
        dt.date(2016, 9, 30)
        == Assignment.objects.get(org_id="KM0000004", valid_to__isnull=True).valid_from
    )


def test_override_without_a_value_is_one_line() -> None:
    register()

    with pytest.raises(CommandError, match="请给出更正后的取值 VALUE，或用 --clear 撤销"):
        run("assign_override", "KM0000004", "行业类型")
    assert (
        run("assign_override", "KM0000004", "行业类型", "--clear") == "没有这项人工更正，未做更改\n"
    )
