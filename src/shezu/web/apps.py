from django.apps import AppConfig


class WebConfig(AppConfig):
    """网页端: server-rendered pages (Simplified Chinese) and /api/v1/."""

    name = "shezu.web"
    label = "web"
    verbose_name = "网页端 web"
