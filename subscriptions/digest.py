"""The digest: new answers since a subscriber's last one, through the outbox.

An answer is never sent twice to one subscriber. Each subscriber's digest is
one transaction: the outbox message, the (subscription, question) rows that
record what it lists, under a unique constraint, and the new "last digest"
mark. A run that dies half-way has either done all of that for a subscriber or
nothing; a second run at the same time waits on the subscriber's row lock and
then finds the answers recorded.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import ngettext

from core import emails, outbox
from questions.models import Question
from questions.selectors import sidebar

from .models import DigestDelivery, Subscription
from .services import links

# Answers are looked for a little before the last digest: a question published
# in a transaction that committed just after the previous run read the list
# carries a publication time before that run's mark. The delivered rows keep
# the overlap from sending anything twice.
OVERLAP = datetime.timedelta(days=2)


def _since(subscription: Subscription) -> datetime.datetime:
    # Confirmed, so both are set (constraint subscription_confirmed_has_digest_mark).
    assert subscription.confirmed_at is not None and subscription.last_digest_at is not None
    return max(subscription.confirmed_at, subscription.last_digest_at - OVERLAP)


def send_digests(*, frequency: str, now: datetime.datetime | None = None) -> int:
    """Queue the digests of one frequency; returns how many were queued."""
    now = now or timezone.now()
    subscribers = list(
        Subscription.objects.confirmed()
        .filter(frequency=frequency)
        .prefetch_related("categories")
        .order_by("pk")
    )
    if not subscribers:
        return 0
    # The reads are shared by all subscribers: the recent answers once per
    # language (in another language, those translated into it, with their
    # translation), what each has been sent of them once.
    earliest = min(_since(s) for s in subscribers)
    recent_in: dict[str, list[Question]] = {}
    for language in {s.language for s in subscribers}:
        with translation.override(language):
            listed = Question.objects.for_listing()
            if language == settings.LANGUAGE_CODE:
                listed = listed.filter(published_at__gt=earliest, published_at__lte=now)
            else:
                # New to a reader of this language when its translation was
                # signed, often weeks after the English was published.
                listed = listed.filter(
                    translations__language=language,
                    translations__is_current=True,
                    translations__signed_at__gt=earliest,
                    translations__signed_at__lte=now,
                )
            recent_in[language] = list(listed)
    recent = [q for questions in recent_in.values() for q in questions]
    sent = set(
        DigestDelivery.objects.filter(
            subscription__in=subscribers, question__in=recent
        ).values_list("subscription_id", "question_id")
    )
    queued = 0
    for subscription in subscribers:
        chosen = {c.pk for c in subscription.categories.all()}
        since = _since(subscription)
        new = [
            q
            for q in recent_in[subscription.language]
            if (new_since := _available_since(q, subscription.language)) is not None
            and new_since > since
            and (subscription.all_topics or q.category_id in chosen)
            and (subscription.pk, q.pk) not in sent
        ]
        # One transaction per subscriber (the writes cannot be shared): a crash
        # costs at most the digest being written, never a double.
        if new:
            with translation.override(subscription.language):  # theirs, with their links
                queued += _queue_one(subscription.pk, new, now=now)
    return queued


def _available_since(question: Question, language: str) -> datetime.datetime | None:
    """When the Q&A became readable in `language`: its publication, or in
    another language the signing of the translation it is listed with."""
    if language == settings.LANGUAGE_CODE:
        return question.published_at
    shown = question.shown
    return shown.signed_at if shown is not None else None


def _signed_title(question: Question) -> str:
    # Listed, so published: it has its signed version (published_has_date_answer_and_slug),
    # or, in another language, the signed translation it was listed for.
    shown = question.shown
    assert shown is not None
    return shown.question_title


def _category_name(question: Question) -> str:
    """Its category under its name in the digest's language (from the cached sidebar)."""
    if question.category is None:
        return ""
    if translation.get_language() == settings.LANGUAGE_CODE:
        return question.category.name
    shown = sidebar().category(question.category.slug)
    return shown.name if shown else question.category.name


@transaction.atomic
def _queue_one(subscription_id: int, questions: list[Question], *, now: datetime.datetime) -> bool:
    subscription = (
        Subscription.objects.select_for_update().confirmed().filter(pk=subscription_id).first()
    )
    if subscription is None:  # ended while this run was working
        return False
    # Read again under the lock: a run at the same moment may have sent some.
    done = set(
        DigestDelivery.objects.filter(
            subscription=subscription, question__in=questions
        ).values_list("question_id", flat=True)
    )
    questions = [q for q in questions if q.pk not in done]
    if not questions:
        return False
    urls = links(subscription)
    count = len(questions)
    email = outbox.queue(
        to=subscription.email,
        subject=ngettext(
            "%(count)d new answer from %(site_name)s",
            "%(count)d new answers from %(site_name)s",
            count,
        )
        % {"count": count, "site_name": settings.SITE_NAME},
        template="emails/subscription_digest.txt",
        context={
            "answers": [
                {
                    "title": _signed_title(q),
                    "url": settings.SITE_URL + q.get_absolute_url(),
                    "category": _category_name(q),
                }
                for q in questions
            ],
            "weekly": subscription.frequency == Subscription.Frequency.WEEKLY,
            **urls,
        },
        # RFC 8058: one-click unsubscribe by a POST to this https address.
        headers={
            **emails.BULK,
            "List-Unsubscribe": f"<{urls['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    DigestDelivery.objects.bulk_create(
        DigestDelivery(subscription=subscription, question=q, email=email, created_at=now)
        for q in questions
    )
    subscription.last_digest_at = now
    subscription.save(update_fields=["last_digest_at"])
    return True
