"""Typed readers of the environment with safe local defaults."""

import os
import sys
from pathlib import Path

APP_NAME = "shezu"


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


def user_data_dir() -> Path:
    """The user's own data folder for shezu, the same whatever folder a command runs from.

    Linux and other Unix: `$XDG_DATA_HOME/shezu`, else `~/.local/share/shezu` (the XDG base
    directory rules, which ignore a relative XDG_DATA_HOME); macOS: `~/Library/Application
    Support/shezu`; Windows: `%LOCALAPPDATA%\\shezu`. Nothing is created here.
    """
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else Path.home() / "AppData" / "Local") / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / APP_NAME
