"""The history of a question: one audit row per status change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .qa import Question


def transition_action_choices() -> list[tuple[str, str]]:
    """What the history calls each move. The wording lives with the transitions
    (questions.services.TRANSITIONS), which import these models, so it is read
    when first needed; as a callable it also keeps the labels out of migrations."""
    from ..services.transitions import TRANSITIONS

    return [(code, step.done_label) for code, step in TRANSITIONS.items()]


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
