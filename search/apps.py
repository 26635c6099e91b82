from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        # Imported here, as Django asks of modules that use models.
        from questions import similar

        from . import (
            receivers,  # noqa: F401 - connects the receivers
            selectors,
        )

        similar.provide(
            similar.Finder(
                while_asking=selectors.similar_while_asking,
                published=lambda text, exclude: selectors.similar_published(text, exclude=exclude),
                waiting=selectors.similar_waiting,
            )
        )
