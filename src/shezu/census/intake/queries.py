"""Reads of the census context."""

from django.db.models import QuerySet

from shezu.census.errors import IntakeError
from shezu.census.models import ImportBatch, RejectedRow


def batch_get(*, batch_id: int) -> ImportBatch:
    try:
        return ImportBatch.objects.get(pk=batch_id)
    except ImportBatch.DoesNotExist:
        raise IntakeError(f"没有编号为 {batch_id} 的导入批次 (no such batch)") from None


def batch_rejects(*, batch: ImportBatch) -> QuerySet[RejectedRow]:
    return RejectedRow.objects.filter(batch=batch).order_by("row_number")
