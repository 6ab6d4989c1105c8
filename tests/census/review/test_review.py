"""Clerical review (人工审核): listing uncertain pairs, showing one side by side, deciding."""

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from shezu.census.errors import ReviewError
from shezu.census.models import ImportBatch, ReviewItem, SourceRecord
from shezu.census.review.queries import review_list, review_sides
from shezu.census.review.services import review_decide
from shezu.cli import main
from tests.factories import (
    ImportBatchFactory,
    OrganizationFactory,
    ReviewItemFactory,
    SourceRecordFactory,
)

EVIDENCE = {
    "fields": {
        "phones": {"level": "电话不同", "weight": -1.5},
        "name_core": {"level": "核心名称相近", "weight": 4.25},
        "address": {"level": "地址不同", "weight": -6.0},
    },
    "match_weight": -3.25,
}


def record(source: ImportBatch, row: int, name: str, **fields: Any) -> SourceRecord:
    return SourceRecordFactory(batch=source, row_number=row, name=name, **fields)


def pair(a: SourceRecord, b: SourceRecord, probability: float, **fields: Any) -> ReviewItem:
    return ReviewItemFactory(record_a=a, record_b=b, probability=probability, **fields)


@pytest.fixture
def items() -> dict[str, ReviewItem]:
    """Three pending pairs (two with the same probability) and one already decided."""
    civil = ImportBatchFactory(department="民政", file_name="民政_登记.xlsx")
    tax = ImportBatchFactory(department="税务", file_name="税务_登记.csv")
    photo_org = OrganizationFactory(org_id="KM0000001", name="昆明市摄影家协会")
    photo_civil = record(
        civil,
        1,
        "昆明市摄影家协会",
        name_core="摄影家",
        address="五华区人民中路123号",
        county_code="530102",
        phones="087165123456",
        organization=photo_org,
    )
    photo_tax = record(
        tax,
        1,
        "昆明市摄影协会",
        name_core="摄影",
        address="盘龙区北京路100号",
        county_code="530103",
        phones="13888888888",
    )
    calligraphy_civil = record(civil, 2, "五华区书法家协会")
    calligraphy_tax = record(tax, 2, "五华区书法协会")
    chess_civil = record(civil, 3, "昆明市围棋协会")
    chess_tax = record(tax, 3, "昆明围棋协会")
    dance_civil = record(civil, 4, "盘龙区舞蹈协会")
    dance_tax = record(tax, 4, "盘龙区舞蹈家协会")
    return {
        "photo": pair(photo_civil, photo_tax, 0.62, reason="名称相近、地址不同", evidence=EVIDENCE),
        "calligraphy": pair(calligraphy_civil, calligraphy_tax, 0.91, reason="名称相近"),
        "chess": pair(chess_civil, chess_tax, 0.91, reason="名称相近"),
        "dance": pair(
            dance_civil,
            dance_tax,
            0.95,
            reason="名称相近",
            status="distinct",
            note="两个协会",
            decided_by="李四",
            decided_at=timezone.now(),
        ),
    }


def review(*args: str) -> str:
    out = io.StringIO()
    call_command("census_review", *args, stdout=out)
    return out.getvalue()


def review_rows() -> list[dict[str, Any]]:
    return list(ReviewItem.objects.order_by("id").values())


@pytest.mark.django_db
def test_the_list_holds_pending_pairs_most_probable_first_then_by_id(items):
    listed = list(review_list())

    assert listed == [items["calligraphy"], items["chess"], items["photo"]]


@pytest.mark.django_db
def test_the_list_can_show_every_status_or_only_the_first_few(items):
    assert list(review_list(status="all")) == [
        items["dance"],
        items["calligraphy"],
        items["chess"],
        items["photo"],
    ]
    assert list(review_list(status="distinct")) == [items["dance"]]
    assert list(review_list(limit=1)) == [items["calligraphy"]]


@pytest.mark.django_db
def test_the_list_reads_records_and_batches_in_one_query(items, django_assert_num_queries):
    with django_assert_num_queries(1):
        departments = [
            (i.record_a.batch.department, i.record_b.batch.department) for i in review_list()
        ]

    assert departments == [("民政", "税务")] * 3


@pytest.mark.django_db
def test_an_unknown_status_or_a_limit_below_one_is_refused(items):
    with pytest.raises(ReviewError, match="maybe"):
        review_list(status="maybe")
    with pytest.raises(CommandError, match="limit"):
        review("list", "--limit", "0")


@pytest.mark.django_db
def test_the_list_command_prints_each_pair_with_names_departments_and_counts(items):
    out = review("list")

    assert out.index("五华区书法家协会（民政）") < out.index("昆明市围棋协会（民政）")
    assert out.index("昆明市围棋协会（民政）") < out.index("昆明市摄影家协会（民政）")
    assert "昆明市摄影协会（税务）" in out
    assert "0.910" in out
    assert "待审核" in out
    assert "盘龙区舞蹈协会" not in out
    assert "显示 3 项；共有待审核 3，同一组织 0，不同组织 1" in out


@pytest.mark.django_db
def test_the_list_as_json_names_both_records_of_each_pair(items):
    listed = json.loads(review("list", "--status", "all", "--limit", "2", "--json"))

    assert [entry["id"] for entry in listed] == [items["dance"].pk, items["calligraphy"].pk]
    dance = listed[0]
    assert dance["status"] == "distinct"
    assert (dance["note"], dance["decided_by"]) == ("两个协会", "李四")
    assert dance["decided_at"].endswith("+08:00")
    assert dance["record_a"] == {
        "id": items["dance"].record_a_id,
        "name": "盘龙区舞蹈协会",
        "department": "民政",
        "file": "民政_登记.xlsx",
        "row": 4,
    }
    assert listed[1]["decided_at"] is None


@pytest.mark.django_db
def test_the_three_word_command_lists_the_pending_pairs(items, capsys):
    main(["census", "review", "list"])

    out = capsys.readouterr().out
    assert "五华区书法家协会（民政）" in out
    assert "显示 3 项" in out


@pytest.mark.django_db
def test_the_sides_pair_every_field_of_the_two_records(items):
    sides = review_sides(items["photo"])

    assert [label for label, _, _ in sides] == [
        "部门",
        "文件:行",
        "数据日期",
        "名称",
        "曾用名",
        "核心名称",
        "统一社会信用代码",
        "组织机构代码",
        "税务登记号",
        "执业许可证号",
        "类型",
        "登记管理机关",
        "地址",
        "区县",
        "乡镇街道",
        "联系电话",
        "法定代表人",
        "成立日期",
        "状态",
        "当前组织编号",
    ]
    by_label = {label: (a, b) for label, a, b in sides}
    assert by_label["部门"] == ("民政", "税务")
    assert by_label["文件:行"] == ("民政_登记.xlsx:1", "税务_登记.csv:1")
    assert by_label["数据日期"] == ("2016-03-31", "2016-03-31")
    assert by_label["名称"] == ("昆明市摄影家协会", "昆明市摄影协会")
    assert by_label["区县"] == ("530102 五华区", "530103 盘龙区")
    assert by_label["当前组织编号"] == ("KM0000001", "—")
    assert by_label["曾用名"] == ("", "")


@pytest.mark.django_db
def test_show_prints_both_records_side_by_side_with_differences_marked(items):
    out = review("show", str(items["photo"].pk))

    assert (
        f"审核项 #{items['photo'].pk} · 概率 0.620 · 原因 名称相近、地址不同 · 状态 待审核" in out
    )
    assert "昆明市摄影家协会" in out
    assert "昆明市摄影协会" in out
    address_line = next(line for line in out.splitlines() if "五华区人民中路123号" in line)
    assert "≠" in address_line
    assert "盘龙区北京路100号" in address_line
    department_line = next(line for line in out.splitlines() if "数据日期" in line)
    assert "≠" not in department_line


@pytest.mark.django_db
def test_show_lists_the_evidence_strongest_first(items):
    out = review("show", str(items["photo"].pk))

    assert out.index("地址不同") < out.index("核心名称相近") < out.index("电话不同")
    assert "-6.00" in out
    assert "+4.25" in out


@pytest.mark.django_db
def test_show_as_json_marks_differing_fields_and_orders_evidence(items):
    shown = json.loads(review("show", str(items["photo"].pk), "--json"))

    sides = {side["label"]: side for side in shown["sides"]}
    assert sides["地址"] == {
        "label": "地址",
        "a": "五华区人民中路123号",
        "b": "盘龙区北京路100号",
        "differs": True,
    }
    assert sides["曾用名"]["differs"] is False
    assert sides["文件:行"]["differs"] is False
    assert sides["当前组织编号"]["differs"] is False  # one record is in no organization yet
    assert shown["evidence"] == [
        {"field": "address", "level": "地址不同", "weight": -6.0},
        {"field": "name_core", "level": "核心名称相近", "weight": 4.25},
        {"field": "phones", "level": "电话不同", "weight": -1.5},
    ]
    assert shown["probability"] == 0.62


@pytest.mark.django_db
def test_show_of_an_unknown_id_names_the_id(items):
    with pytest.raises(CommandError, match="#9999"):
        review("show", "9999")


@pytest.mark.django_db
def test_a_decision_records_status_note_reviewer_and_time_and_nothing_else(items):
    before = review_rows()
    records_before = list(SourceRecord.objects.order_by("id").values())
    started = timezone.now()

    out = review("decide", str(items["photo"].pk), "match", "--note", "电话核实", "--user", "张三")

    after = review_rows()
    decided = ReviewItem.objects.get(pk=items["photo"].pk)
    assert (decided.status, decided.note, decided.decided_by) == ("match", "电话核实", "张三")
    assert decided.decided_at is not None
    assert started <= decided.decided_at <= timezone.now()
    changed = {"status", "note", "decided_by", "decided_at", "updated_at"}
    for old, new in zip(before, after, strict=True):
        if old["id"] == decided.pk:
            assert {k: v for k, v in old.items() if k not in changed} == {
                k: v for k, v in new.items() if k not in changed
            }
        else:
            assert old == new
    assert list(SourceRecord.objects.order_by("id").values()) == records_before
    assert f"审核项 #{decided.pk} 已判定为「同一组织」(match)" in out
    assert "将在下次 shezu census link 时生效 (applied by the next census link run)" in out
    assert "覆盖" not in out


@pytest.mark.django_db
def test_deciding_again_overwrites_the_earlier_decision_and_says_so(items):
    dance = items["dance"]

    out = review("decide", str(dance.pk), "match")

    dance.refresh_from_db()
    assert (dance.status, dance.note, dance.decided_by) == ("match", "", "")
    assert "原判定「不同组织」已被覆盖" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("相同", "match"),
        ("同一组织", "match"),
        ("match", "match"),
        ("不同", "distinct"),
        ("不同组织", "distinct"),
        ("distinct", "distinct"),
    ],
)
def test_a_decision_is_taken_in_chinese_or_in_english(items, typed, stored):
    decided = review_decide(item_id=items["photo"].pk, decision=typed)

    assert decided.status == stored
    assert ReviewItem.objects.get(pk=items["photo"].pk).status == stored


@pytest.mark.django_db
def test_the_command_takes_a_chinese_decision_and_says_what_it_stored(items):
    out = review("decide", str(items["photo"].pk), "不同")

    assert f"审核项 #{items['photo'].pk} 已判定为「不同组织」(distinct)" in out


@pytest.mark.django_db
def test_a_decision_other_than_match_or_distinct_is_refused_and_nothing_changes(items):
    before = review_rows()

    with pytest.raises(CommandError, match="「同一」 \\(decision must be match or distinct\\)"):
        review("decide", str(items["photo"].pk), "同一")
    with pytest.raises(ReviewError):
        review_decide(item_id=items["photo"].pk, decision="MATCH")

    assert review_rows() == before


@pytest.mark.django_db
def test_deciding_an_unknown_id_names_the_id(items):
    before = review_rows()

    with pytest.raises(CommandError, match="#9999"):
        review("decide", "9999", "distinct")

    assert review_rows() == before
