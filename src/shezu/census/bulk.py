"""Plain multi-row INSERTs for intake: the ORM's per-object cost would dominate a million rows."""

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def insert_statement(model: type[models.Model], columns: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    column_of = {field.name: field.column for field in model._meta.concrete_fields}
    names = ", ".join(quote(column_of[name]) for name in columns)
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"


def rows_insert(model: type[models.Model], columns: Sequence[str], rows: list[list[Any]]) -> None:
    """Insert rows whose values are already in database form (JSON as text)."""
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(insert_statement(model, columns), rows)
