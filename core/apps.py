from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site infrastructure"

    def ready(self) -> None:
        # Django's convention: modules that connect receivers or use models are
        # imported once the app registry is ready.
        from . import (
            audit,  # noqa: F401 - connects the sign-in log receivers
            dashboard,
            outbox,
            parts,
        )

        dashboard.register(outbox.waiting_for)
        # Read now, before an upgrade can change the files under running code.
        parts.code_digest()
