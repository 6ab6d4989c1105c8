"""The `shezu` console script: every batch job, with the database made ready first.

`shezu census import F` runs the management command `census_import`, `shezu demo-data`
runs `demo_data`; any other word is handed to Django as it is (`shezu runserver`).
"""

import os
import sys

# Two-word jobs: the first word is the context, the second the job in it.
_CONTEXTS = {"census"}


def command_name(argv: list[str]) -> tuple[str, list[str]]:
    """Translate `census import x` → (`census_import`, [x]) and `demo-data` → `demo_data`."""
    if len(argv) >= 2 and argv[0] in _CONTEXTS and not argv[1].startswith("-"):
        return f"{argv[0]}_{argv[1].replace('-', '_')}", argv[2:]
    return argv[0].replace("-", "_"), argv[1:]


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shezu.config.settings")
    import django
    from django.core.management import execute_from_command_line

    if not args or args[0] in {"-h", "--help", "help"}:
        execute_from_command_line(["shezu", "help"])
        return
    name, rest = command_name(args)
    django.setup()
    if name not in {"migrate", "makemigrations", "help", "version", "check"}:
        from shezu.config.database import database_prepare

        database_prepare()
    execute_from_command_line(["shezu", name, *rest])


if __name__ == "__main__":
    main()
