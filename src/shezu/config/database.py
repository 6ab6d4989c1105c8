"""Make the database ready on first use, so a new user never runs a setup step."""

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def database_prepare(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Apply pending migrations; return whether anything was applied."""
    connection = connections[using]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return False
    call_command("migrate", database=using, interactive=False, verbosity=0)
    return True
