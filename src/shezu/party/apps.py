from django.apps import AppConfig


class PartyConfig(AppConfig):
    """党组织: Party organizations, their members, secretaries and instructors."""

    name = "shezu.party"
    label = "party"
    verbose_name = "党组织 party"
