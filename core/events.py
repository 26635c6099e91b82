"""Sending an app's signals once the transaction that caused them commits.

Django signals are the framework's own observer: an app announces what it did
and the apps above it act on it, connected in their AppConfig.ready(), so the
arrow of imports keeps pointing one way (core ← questions ← the rest)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)


def announce(signal: Signal, **kwargs: object) -> None:
    """Send `signal` after the current transaction commits (at once outside one).

    A receiver that fails is logged, never raised: the change it follows is
    already stored, and each receiver's work can be rebuilt by its own command
    (rebuild_search_index, relink_drugs)."""

    def send() -> None:
        for receiver, result in signal.send_robust(sender=None, **kwargs):
            if isinstance(result, Exception):
                logger.error(
                    "A receiver of a signal failed: %s",
                    getattr(receiver, "__qualname__", receiver),
                    exc_info=result,
                )

    transaction.on_commit(send)
