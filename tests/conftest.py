from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from shezu import personal
from tests.factories import Rows, write_csv, write_xlsx


@pytest.fixture
def csv_file(tmp_path: Path) -> Callable[..., Path]:
    def make(rows: Rows, name: str = "民政.csv", encoding: str = "utf-8") -> Path:
        return write_csv(tmp_path / name, rows, encoding=encoding)

    return make


@pytest.fixture
def xlsx_file(tmp_path: Path) -> Callable[..., Path]:
    def make(
        rows: Rows, name: str = "民政.xlsx", sheet: str = "Sheet1", hidden_first: str | None = None
    ) -> Path:
        return write_xlsx(tmp_path / name, rows, sheet=sheet, hidden_first=hidden_first)

    return make


def pytest_configure(config: pytest.Config) -> None:
    """Background jobs run inline, inside the request that queues them, on an in-memory
    huey store: the job store is never the user's data folder, and a test sees the job's
    outcome as soon as the page answers. Set before web.jobs first imports the queue."""
    from django.conf import settings

    settings.HUEY = {**settings.HUEY, "immediate": True}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """SQLite test databases live in a file, so a second process can open the same one."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("db") / "test.sqlite3"
        )


@pytest.fixture(autouse=True)
def data_key() -> Iterator[None]:
    """A fixed master key for personal data (shezu/personal.py) in every test, instead of
    a key file generated into the user's data folder."""
    personal.keys_reset()
    with override_settings(DATA_KEY="c3" * 32, DATA_KEYS_OLD=[]):
        yield
    personal.keys_reset()
