"""Make the database ready on first use, so a new user never runs a setup step."""

from pathlib import Path

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def database_folder_create(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create the folder of a SQLite database file (the user's data folder) if missing."""
    connection = connections[using]
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and name != ":memory:" and not name.startswith("file:"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)


def database_prepare(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Create the database (and its folder) if needed and apply pending migrations.

    Returns whether anything was applied.
    """
    database_folder_create(using=using)
    connection = connections[using]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return False
    call_command("migrate", database=using, interactive=False, verbosity=0)
    return True


def database_description(*, using: str = DEFAULT_DB_ALIAS) -> str:
    """Which database a command used, for people: the SQLite file, or server and name.

    Never the password: the line is printed under every summary and pasted into chats.
    """
    connection = connections[using]
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(settings["NAME"])
    user = f"{settings['USER']}@" if settings.get("USER") else ""
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    host = settings.get("HOST") or "localhost"
    return f"{connection.display_name} {user}{host}{port}/{settings['NAME']}"
