"""Writes of the glossary. Each tells the page cache that public content
changed: answers and drug pages show the terms in place."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.cache import content_changed
from core.events import announce
from questions.models import ExpertProfile

from .models import Term, TermReview
from .signals import term_changed


@transaction.atomic
def term_save(*, term: Term, actor: User) -> None:
    """Store a new or edited term; its page, the index and every page that
    uses it show the change at once."""
    term.save()
    content_changed()
    announce(term_changed, term_id=term.pk)


@transaction.atomic
def term_delete(*, terms: QuerySet[Term], actor: User) -> None:
    terms.delete()
    content_changed()


@transaction.atomic
def term_reattest(*, term_id: int, actor: User, note: str = "") -> TermReview:
    """A clinician read the explanation again and found it still accurate: the
    term gets their name, today's date and a new due date; the text is
    unchanged. One that needs changes is edited and saved with a new review date."""
    profile = ExpertProfile.objects.filter(user=actor).first()
    if not (actor.is_active and actor.has_perm("glossary.change_term")) or profile is None:
        raise PermissionDenied("Only a clinician with an expert profile can review a term.")
    term = Term.objects.select_for_update().get(pk=term_id)
    now = timezone.now()
    term.reviewed_by = profile
    term.reviewed_on = timezone.localdate(now)
    term.save(update_fields=["reviewed_by", "reviewed_on"])
    content_changed()
    return TermReview.objects.create(
        term=term, reviewer=profile, reviewed_by=actor, reviewed_at=now, note=note
    )
