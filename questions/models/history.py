"""The history of a question: one audit row per status change."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.db import models
from django.utils import timezone

from ..lifecycle import NOT_YET_ASKED, TRANSITIONS
from .qa import Question


def transition_action_choices() -> list[tuple[str, str]]:
    """What the history calls each move, from the lifecycle table; a callable,
    so that rewording a label needs no migration."""
    return [(code, step.done_label) for code, step in TRANSITIONS.items()]


@checks.register(checks.Tags.models)
def check_lifecycle_statuses(**kwargs: Any) -> list[checks.CheckMessage]:
    """The lifecycle table writes statuses as text (it cannot import the
    models): each must be one of Question.Status, or its moves never match."""
    known = {*Question.Status.values, NOT_YET_ASKED}
    return [
        checks.Error(
            f"The lifecycle step {code!r} names the status {status!r}, "
            "which Question.Status does not have.",
            obj="questions.lifecycle.TRANSITIONS",
            id="questions.E001",
        )
        for code, step in TRANSITIONS.items()
        for move in step.moves.items()
        for status in move
        if status not in known
    ]


class Transition(models.Model):
    """Audit row: one per status change."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=Question.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Question.Status.choices)
    action = models.CharField(max_length=40, choices=transition_action_choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        labels = dict(Question.Status.choices)
        before = labels.get(self.from_status, "—")
        return f"{self.get_action_display()}: {before} → {labels.get(self.to_status, '—')}"
