"""Mistakes a person can make with accounts, said in one line."""


class AccountsError(Exception):
    """A request the accounts context refuses; the message is for the person who asked."""
