"""The Q&A work shown in the admin's "Waiting for you" box (core.dashboard)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import ngettext

from core.dashboard import Row

from . import selectors
from .lifecycle import TRANSLATE_PERMISSION
from .models import (
    Comment,
    Question,
    TranslationDraft,
    other_languages,
    staff_language_name,
)

S = Question.Status


def waiting_for(user: User) -> list[Row]:
    """The Q&A work waiting for this user, for "Waiting for you" (core.dashboard):
    one query over questions (and one for comments)."""
    items: list[Row] = []
    mine = Q(expert__user=user)
    counts = Question.objects.aggregate(
        assigned_to_me=Count("pk", filter=mine & Q(status=S.ASSIGNED)),
        to_sign=Count("pk", filter=selectors.awaiting_signature_of(user)),
        mine_waiting=Count("pk", filter=selectors.own_answers_awaiting_colleague(user)),
        urgent=Count("pk", filter=Q(status=S.NEW, urgent=True)),
        new=Count("pk", filter=Q(status=S.NEW)),
        signed=Count("pk", filter=Q(status=S.SIGNED_OFF)),
        reviews_due=Count("pk", filter=selectors.reviews_due()),
        reviews_overdue=Count(
            "pk", filter=Q(status=S.PUBLISHED, review_due__lte=timezone.localdate())
        ),
        reviews_mine=Count("pk", filter=selectors.reviews_due() & Q(review_assignee__user=user)),
    )
    base = "/admin/questions/question/"
    if user.has_perm("questions.triage_question") and counts["urgent"]:
        items.append(
            Row(
                10,
                "urgent (red-flag words), to triage first",
                counts["urgent"],
                f"{base}?status__exact=new&urgent__exact=1",
            )
        )
    if user.has_perm("questions.change_question") and hasattr(user, "expert_profile"):
        items.append(
            Row(
                20,
                "assigned to you",
                counts["assigned_to_me"],
                f"{base}?mine=yes&status__exact=assigned",
            )
        )
    if user.has_perm("questions.sign_off_answer") and hasattr(user, "expert_profile"):
        items.append(
            Row(30, "waiting for your sign-off", counts["to_sign"], f"{base}?signoff=for_me")
        )
        if counts["mine_waiting"]:
            items.append(
                Row(
                    35,
                    "of your answers waiting for a second signer",
                    counts["mine_waiting"],
                    f"{base}?signoff=mine",
                )
            )
    # Clinicians review; moderators name who reviews, so both see what is due.
    clinician = user.has_perm("questions.sign_off_answer") and hasattr(user, "expert_profile")
    if clinician or user.has_perm("questions.triage_question"):
        items.append(
            Row(
                40,
                ngettext(
                    "published answer due for review (%(overdue)d overdue, the rest due "
                    "within 30 days)",
                    "published answers due for review (%(overdue)d overdue, the rest due "
                    "within 30 days)",
                    counts["reviews_due"],
                )
                % {"overdue": counts["reviews_overdue"]},
                counts["reviews_due"],
                f"{base}?review=due",
            )
        )
        if counts["reviews_mine"]:
            items.append(
                Row(
                    45,
                    ngettext(
                        "answer assigned to you to review",
                        "answers assigned to you to review",
                        counts["reviews_mine"],
                    ),
                    counts["reviews_mine"],
                    f"{base}?review=mine",
                )
            )
    if user.has_perm("questions.triage_question"):
        items.append(Row(60, "new, to triage", counts["new"], f"{base}?status__exact=new"))
    if user.has_perm("questions.publish_question"):
        items.append(
            Row(
                70,
                "signed off, ready to publish",
                counts["signed"],
                f"{base}?status__exact=signed_off",
            )
        )
    items += _translation_work(user)
    if user.has_perm("questions.moderate_comment"):
        pending = Comment.objects.filter(status=Comment.Status.PENDING).count()
        items.append(
            Row(
                80,
                ngettext("comment waiting for approval", "comments waiting for approval", pending),
                pending,
                "/admin/questions/comment/?status__exact=pending",
            )
        )
    return items


def _translation_work(user: User) -> list[Row]:
    """Translations to make (for translators) and to sign (for clinicians who
    sign in a language other than the default): one query for all languages."""
    translator = user.has_perm(TRANSLATE_PERMISSION)
    profile = getattr(user, "expert_profile", None)  # read once per request, cached
    signs = (
        [code for code in profile.language_codes if code in dict(other_languages())]
        if profile is not None and user.has_perm("questions.sign_off_answer")
        else []
    )
    if not translator and not signs:
        return []
    counts: dict[str, Any] = {}
    for code, _ in other_languages():
        never, outdated = selectors.translation_needed(code)
        counts[f"{code}_never"] = Count("pk", filter=Q(pk__in=never.values("pk")))
        counts[f"{code}_outdated"] = Count("pk", filter=Q(pk__in=outdated.values("pk")))
        if code in signs:
            # Sent, by someone else, as a translation of the English current now.
            waiting = TranslationDraft.objects.filter(
                language=code, sent_by__isnull=False, follows=F("question__published_answer")
            ).exclude(sent_by=user)
            counts[f"{code}_to_sign"] = Count("pk", filter=Q(pk__in=waiting.values("question")))
    found = Question.objects.published().aggregate(**counts)
    items: list[Row] = []
    base = "/admin/questions/translationdraft/"
    for code, _ in other_languages():
        name = staff_language_name(code)
        if translator:
            outdated = found[f"{code}_outdated"]
            to_translate = found[f"{code}_never"] + outdated
            label = ngettext(
                "published Q&A to translate into %(language)s",
                "published Q&As to translate into %(language)s",
                to_translate,
            ) % {"language": name}
            if outdated:
                label += f" ({outdated} out of date since the English changed)"
            items.append(Row(50, label, to_translate, base))
        if code in signs:
            items.append(
                Row(
                    32,
                    ngettext(
                        "translation into %(language)s waiting for your signature",
                        "translations into %(language)s waiting for your signature",
                        found[f"{code}_to_sign"],
                    )
                    % {"language": name},
                    found[f"{code}_to_sign"],
                    base,
                )
            )
    return items
