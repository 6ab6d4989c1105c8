"""shezu (社组): the information system for Party building in social organizations."""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version


def version() -> str:
    """The installed version of shezu, from the package metadata."""
    try:
        return _distribution_version("shezu")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"
