"""The demo's Party files (党组织, 党员, 书记, 党建指导员, 组织生活) for the synthetic city."""

from shezu.demo.party.generate import (
    AS_OF,
    PartyDemoManifest,
    PartyFile,
    PartyFiles,
    party_files_write,
)
from shezu.demo.party.sheets import FILES, HEADERS, KINDS

# The files in the order they import: Party organizations before what names them.
IMPORT_ORDER: tuple[tuple[str, str], ...] = tuple((kind, FILES[kind]) for kind in KINDS)

__all__ = [
    "AS_OF",
    "FILES",
    "HEADERS",
    "IMPORT_ORDER",
    "KINDS",
    "PartyDemoManifest",
    "PartyFile",
    "PartyFiles",
    "party_files_write",
]
