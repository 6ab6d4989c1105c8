"""The census context's tables: intake (files and their rows) and the master register."""

from shezu.census.models.intake import Department, ImportBatch, RejectedRow, SourceRecord
from shezu.census.models.register import (
    LinkRun,
    Organization,
    OrganizationEvent,
    OrganizationNameKey,
    RecordLink,
    ReviewItem,
    Verification,
    VerificationTask,
)

__all__ = [
    "Department",
    "ImportBatch",
    "LinkRun",
    "Organization",
    "OrganizationEvent",
    "OrganizationNameKey",
    "RecordLink",
    "RejectedRow",
    "ReviewItem",
    "SourceRecord",
    "Verification",
    "VerificationTask",
]
