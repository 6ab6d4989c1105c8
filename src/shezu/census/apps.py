from django.apps import AppConfig


class CensusConfig(AppConfig):
    """摸底: intake of department records, identifiers, normalisation and (later) linkage."""

    name = "shezu.census"
    label = "census"
    verbose_name = "摸底 census"
