"""The linkage engine: frames in, links out. No Django here (see docs/architecture.md)."""

from shezu.census.linkage.engine import link
from shezu.census.linkage.types import Decision, Link, LinkResult, LinkSettings, ReviewCandidate

__all__ = ["Decision", "Link", "LinkResult", "LinkSettings", "ReviewCandidate", "link"]
