from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site infrastructure"

    def ready(self) -> None:
        from . import audit  # noqa: F401 - connects the sign-in log receivers
