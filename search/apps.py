from typing import Any

from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import post_migrate


def _forget_a_flushed_index(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After `flush` (which also sends post_migrate) the entries are gone but an
    external-content full-text index (SQLite's) still holds their words, which
    new entries with the same ids would inherit: with no entry, it is emptied."""
    from .backends import backend
    from .models import SearchEntry

    if sender.name == "search" and not SearchEntry.objects.using(using).exists():
        backend().clear()


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

        post_migrate.connect(_forget_a_flushed_index, dispatch_uid="search-flushed-index")
        # Counts of searches wait in the worker until a response has gone.
        request_finished.connect(misses.write_if_due, dispatch_uid="search-counts")
        # A results page answered from the page cache is counted there.
        from core.cache import REPLAY_HOOKS

        REPLAY_HOOKS[misses.REPLAY_HOOK] = misses.count_search

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
