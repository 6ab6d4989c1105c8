"""The demo's Party files (党组织, 党员, 书记, 党建指导员, 组织生活) for the synthetic city."""

from shezu.demo.party.generate import (
    AS_OF,
    PartyDemoManifest,
    PartyFile,
    PartyFiles,
    party_files_write,
)

__all__ = ["AS_OF", "PartyDemoManifest", "PartyFile", "PartyFiles", "party_files_write"]
