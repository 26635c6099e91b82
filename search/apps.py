from django.apps import AppConfig
from django.core.signals import request_finished


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        # Imported here, as Django asks of modules that use models.
        from core import personal_data
        from questions import similar

        from . import (
            misses,
            receivers,  # noqa: F401 - connects the receivers
            selectors,
        )

        # Counts of searches wait in the worker until a response has gone.
        request_finished.connect(misses.write_if_due, dispatch_uid="search-counts")

        # Searches that found nothing hold no address to export or erase: a query
        # that looks like a name or an address is never stored (search.misses).
        personal_data.register(
            "search",
            personal_data.Holder(
                order=40,
                purge=lambda: [
                    f"{misses.search_misses_purge()} daily count(s) of searches that found nothing"
                ],
            ),
        )

        similar.provide(
            similar.Finder(
                while_asking=selectors.similar_while_asking,
                published=lambda text, exclude: selectors.similar_published(text, exclude=exclude),
                waiting=selectors.similar_waiting,
            )
        )
