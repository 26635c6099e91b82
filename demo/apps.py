from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and the large benchmark dataset: loaded across every app, so
    it sits above them all and none of them imports it."""

    name = "demo"
    verbose_name = "Demo content"
