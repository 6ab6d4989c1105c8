"""Where shezu keeps its data when nobody says: the user's data folder, per the XDG rules."""

import sys
from pathlib import Path

import pytest

from shezu.config.env import user_data_dir

pytestmark = pytest.mark.skipif(
    sys.platform in {"win32", "darwin"}, reason="the XDG rules are for Linux and other Unix"
)


def test_the_data_folder_is_under_xdg_data_home_when_it_is_set(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))

    assert user_data_dir() == tmp_path / "xdg" / "shezu"


@pytest.mark.parametrize("xdg", ["", "relative/share"])
def test_without_a_usable_xdg_data_home_it_is_under_the_home_folder(monkeypatch, tmp_path, xdg):
    monkeypatch.setenv("XDG_DATA_HOME", xdg)
    monkeypatch.setenv("HOME", str(tmp_path))

    assert user_data_dir() == tmp_path / ".local" / "share" / "shezu"


def test_nothing_is_created_by_asking(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))

    user_data_dir()

    assert not Path(tmp_path / "xdg").exists()
