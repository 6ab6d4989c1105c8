from django.apps import AppConfig


class DemoConfig(AppConfig):
    """演示数据: the synthetic Kunming census and the `shezu demo` job."""

    name = "shezu.demo"
    label = "demo"
    verbose_name = "演示数据 demo data"
