"""Every demo file imports, with its mapping and without one, to exactly the ground truth."""

import csv
import io
import json
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command

from shezu.census.models import ImportBatch, LinkRun, RejectedRow, SourceRecord
from shezu.demo.census import Manifest, generate

SCALE = 0.2


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return generate(tmp_path_factory.mktemp("demo_intake"), scale=SCALE, seed=7)


def expected_outcomes(demo: Manifest) -> dict[str, dict[int, str]]:
    outcomes: dict[str, dict[int, str]] = defaultdict(dict)
    with (demo.outdir / "ground_truth.csv").open(encoding="utf-8", newline="") as handle:
        for line in csv.DictReader(handle):
            outcomes[line["file"]][int(line["row"])] = line["expected"]
    return outcomes


def stored_outcomes(batch: ImportBatch) -> dict[int, str]:
    outcomes = dict.fromkeys(batch.records.values_list("row_number", flat=True), "accepted")
    outcomes.update(dict.fromkeys(batch.rejects.values_list("row_number", flat=True), "rejected"))
    return outcomes


def import_json(*args: str) -> dict[str, object]:
    out = io.StringIO()
    call_command("census_import", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize("with_mapping", [True, False], ids=["mapping", "synonyms"])
def test_each_demo_file_imports_row_for_row_as_the_ground_truth_says(demo, with_mapping):
    expected = expected_outcomes(demo)

    for source in demo.files:
        args = [
            str(demo.outdir / source.file),
            "--department",
            source.department,
            "--as-of",
            source.as_of.isoformat(),
        ]
        if with_mapping:
            args += ["--mapping", str(demo.outdir / source.mapping)]
        summary = import_json(*args)

        truth = expected[source.file]
        counts = Counter(truth.values())
        assert (
            summary["rows_read"],
            summary["accepted"],
            summary["rejected"],
            summary["skipped"],
        ) == (len(truth), counts["accepted"], counts["rejected"], counts["skipped"]), source.file
        batch = ImportBatch.objects.get(pk=summary["batch_id"])
        skipped_rows = {row for row, outcome in truth.items() if outcome == "skipped"}
        assert stored_outcomes(batch) == {
            row: outcome for row, outcome in truth.items() if row not in skipped_rows
        }, source.file
    assert SourceRecord.objects.count() + RejectedRow.objects.count() == sum(
        1 for file in expected.values() for outcome in file.values() if outcome != "skipped"
    )


@pytest.mark.django_db
def test_the_guessed_mapping_of_each_demo_file_is_the_shipped_one(demo):
    import yaml

    for source in demo.files:
        out = io.StringIO()
        call_command("census_mapping", str(demo.outdir / source.file), stdout=out)
        guessed = yaml.safe_load(out.getvalue())
        shipped = yaml.safe_load((demo.outdir / source.mapping).read_text(encoding="utf-8"))
        assert guessed["columns"] == shipped["columns"], source.file
        assert guessed["header_row"] == shipped.get("header_row", guessed["header_row"])


@pytest.mark.django_db
def test_old_tax_numbers_yield_the_organization_code_of_the_same_organizations_credit_code(demo):
    call_command("demo", "--out", str(demo.outdir), "--no-serve", stdout=io.StringIO())
    org_of = true_organizations(demo)
    records = SourceRecord.objects.select_related("batch")
    from_credit_code = {
        org_of[r.batch.file_name, r.row_number]: r.org_code
        for r in records.filter(org_code_source="uscc")
    }
    from_tax_number = [
        (org_of[r.batch.file_name, r.row_number], r.org_code)
        for r in records.filter(org_code_source="tax_id")
    ]

    comparable = [(org, code) for org, code in from_tax_number if org in from_credit_code]

    assert len(comparable) > 100
    mismatched = [
        (org, code, from_credit_code[org])
        for org, code in comparable
        if from_credit_code[org] != code
    ]
    assert mismatched == []


def true_organizations(demo: Manifest) -> dict[tuple[str, int], str]:
    with (demo.outdir / "ground_truth.csv").open(encoding="utf-8", newline="") as handle:
        return {(line["file"], int(line["row"])): line["org_id"] for line in csv.DictReader(handle)}


def test_demo_rerun_is_idempotent(demo, db):
    call_command("demo", "--out", str(demo.outdir), "--no-serve", stdout=io.StringIO())
    before = (ImportBatch.objects.count(), SourceRecord.objects.count())
    organizations = dict(SourceRecord.objects.values_list("pk", "organization__org_id"))
    out = io.StringIO()

    call_command("demo", "--out", str(demo.outdir), "--no-serve", stdout=out)

    assert (ImportBatch.objects.count(), SourceRecord.objects.count()) == before
    assert out.getvalue().count("已导入过") == 6
    assert dict(SourceRecord.objects.values_list("pk", "organization__org_id")) == organizations
    assert LinkRun.objects.first().summary["new"] == 0  # type: ignore[union-attr]
    assert (demo.outdir / "台账.xlsx").exists() and (demo.outdir / "links.csv").exists()
    assert out.getvalue().splitlines()[-4:] == [
        "  city_demo     市级工作人员 昆明市",
        "  wuhua_demo    县级工作人员 五华区",
        "  huashan_demo  乡镇（街道）工作人员 五华区华山街道",
        "  密码 password: Shezu@2016demo",
    ]


def test_demo_ends_serving_the_web_ui_on_the_port_asked(demo, db, monkeypatch):
    served: list[tuple[str, dict[str, object]]] = []
    monkeypatch.setattr(
        "shezu.demo.management.commands.demo.call_command",
        lambda name, **options: served.append((name, options)),
    )

    call_command("demo", "--out", str(demo.outdir), "--port", "8765", stdout=io.StringIO())

    assert [(name, options["port"]) for name, options in served] == [("serve", 8765)]
