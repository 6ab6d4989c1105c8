"""What a web process or a quick command loads: no linkage engine until something links."""

import subprocess
import sys

HEAVY = ("splink", "duckdb", "pyarrow", "pyspark")

IMPORT_EVERY_MODELS_QUERIES_AND_SERVICES = """
import importlib, os, pkgutil, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "shezu.config.settings"
import django
django.setup()
import shezu
roles = {"models", "queries", "services", "api"}
imported = []
for module in pkgutil.walk_packages(shezu.__path__, "shezu."):
    parts = module.name.split(".")
    if roles & set(parts[2:]):
        importlib.import_module(module.name)
        imported.append(module.name)
import shezu.cli
print(len(imported))
print(",".join(sorted(name for name in %r if name in sys.modules)))
"""


def test_importing_models_queries_and_services_loads_no_linkage_engine() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_MODELS_QUERIES_AND_SERVICES % (HEAVY,)],
        capture_output=True,
        text=True,
        check=True,
    )
    imported, heavy = done.stdout.split("\n")[:2]

    assert int(imported) >= 10  # every context's models, queries and services were imported
    assert heavy == ""
