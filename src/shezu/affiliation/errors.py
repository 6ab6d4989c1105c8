"""Mistakes a person can make with classification and responsibility, said in one line."""


class AffiliationError(Exception):
    """A request the affiliation context refuses; the message is for the person who asked."""


class RulesError(AffiliationError):
    """A rule table that cannot be used: the message names the file, rule and key."""


class BodiesError(AffiliationError):
    """A change to the responsible bodies that would break them (a cycle, an unknown parent)."""
