from django.apps import AppConfig


class DrugsConfig(AppConfig):
    name = "drugs"
    verbose_name = "Drug reference"

    def ready(self) -> None:
        # Imported here, as Django asks of modules that use models.
        from core import dashboard
        from questions import deidentify

        from . import dashboard as drugs_dashboard
        from .models import therapy_names

        dashboard.register(drugs_dashboard.waiting_for)
        # A therapy's names ("Ocrevus") are never taken for a person's.
        deidentify.register_known_names(therapy_names)
