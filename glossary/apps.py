from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = "Glossary"

    def ready(self) -> None:
        # Imported here, as Django asks of modules that use models.
        from core import dashboard

        from . import dashboard as glossary_dashboard

        dashboard.register(glossary_dashboard.waiting_for)
