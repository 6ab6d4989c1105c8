from django.apps import AppConfig


class AffiliationConfig(AppConfig):
    """分类与责任归属: classification and the responsible body (属资/属条/属地/分级)."""

    name = "shezu.affiliation"
    label = "affiliation"
    verbose_name = "责任归属 affiliation"
