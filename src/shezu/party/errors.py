"""The error the party context raises for people: one line, in Chinese, naming the file,
row and column where there is one — and never a citizen ID number."""

from shezu.census.api import IntakeError


class PartyError(IntakeError):
    """A Party file, template or request that cannot be used; nothing was written."""
