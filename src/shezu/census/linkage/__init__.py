"""The linkage engine: frames in, links out. No Django here (see docs/architecture.md).

`link` is imported on first use: it brings Splink, DuckDB and pyarrow, which the web
process and every command but `census link` never need.
"""

from typing import TYPE_CHECKING, Any

from shezu.census.linkage.types import (
    INPUT_COLUMNS,
    Decision,
    Link,
    LinkResult,
    LinkSettings,
    ReviewCandidate,
)

if TYPE_CHECKING:
    from shezu.census.linkage.engine import link

__all__ = [
    "INPUT_COLUMNS",
    "Decision",
    "Link",
    "LinkResult",
    "LinkSettings",
    "ReviewCandidate",
    "link",
]


def __getattr__(name: str) -> Any:
    if name == "link":
        from shezu.census.linkage.engine import link

        return link
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
