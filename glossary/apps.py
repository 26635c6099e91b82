from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = "Glossary"

    def ready(self) -> None:
        # Imported here, as Django asks of modules that use models.
        from core import dashboard, parts

        from . import dashboard as glossary_dashboard
        from .selectors import linked_terms_digest

        dashboard.register(glossary_dashboard.waiting_for)
        # Any kept part of a page may hold links to the terms.
        parts.also_made_of(linked_terms_digest)
