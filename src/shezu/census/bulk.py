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


def rows_update(model: type[models.Model], columns: Sequence[str], rows: list[list[Any]]) -> None:
    """UPDATE … WHERE id = %s per row, values in database form, the id last.

    The ORM's bulk_update builds one CASE per column and batch; on a register of
    100,000 organizations it spent minutes where executemany takes seconds.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    column_of = {field.name: field.column for field in model._meta.concrete_fields}
    sets = ", ".join(f"{quote(column_of[name])} = %s" for name in columns)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
