"""Writes of the subscriptions: ask, confirm, change, end, purge, export and erase.

Double opt-in: nothing but the confirmation email goes to an address before its
owner follows the link in it. Whoever types an address into the form learns
nothing about it: the same "check your inbox" page follows whether the address
was new, waiting, subscribed already or on the do-not-email list.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from core import outbox
from core.addresses import comparable, normalise
from core.models import OutgoingEmail
from questions.models import Category
from questions.services.privacy import personal_data_erase, personal_data_export

from .models import DigestDelivery, NeverEmail, Subscription, address_hash, hash_token
from .selectors import CONFIRM_VALID, waiting_confirmation

log = logging.getLogger(__name__)

UNCONFIRMED_KEPT = datetime.timedelta(days=7)
# At most one email per address in this time, however often the form is sent
# with it: the form must not become a way to flood someone's inbox.
MAIL_AGAIN_AFTER = datetime.timedelta(hours=1)
# The subscription's own emails besides the digests: an ended or erased
# subscription's copies still waiting in the outbox are dropped by these
# (in every language, _own_subjects). Sent in the language active when queued.
CONFIRM_SUBJECT = gettext_noop("Please confirm your subscription")
EXISTS_SUBJECT = gettext_noop("You are already subscribed")
TOPIC_REMOVED_SUBJECT = gettext_noop("A topic you follow has been removed")


def _own_subjects() -> list[str]:
    """The subjects of the subscription's own emails, as sent in any of the site's languages."""
    subjects: set[str] = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            subjects.update(
                gettext(s) for s in (CONFIRM_SUBJECT, EXISTS_SUBJECT, TOPIC_REMOVED_SUBJECT)
            )
    return sorted(subjects)


def link(name: str, token: str) -> str:
    return settings.SITE_URL + reverse(f"subscriptions:{name}", kwargs={"token": token})


def links(subscription: Subscription) -> dict[str, str]:
    """The links every subscription email carries."""
    token = subscription.token
    return {"manage_url": link("manage", token), "unsubscribe_url": link("unsubscribe", token)}


def subscription_request(*, email: str, categories: Iterable[Category], frequency: str) -> None:
    """Someone asked to subscribe this address: email it a confirmation link
    (or, if it is subscribed already, its link to manage the subscription)."""
    # The form's field has checked and normalised the address already; any other
    # caller is held to the same check, so the do-not-email list and the hourly
    # cap see one spelling of each mailbox.
    email = normalise(email)
    categories = list(categories)
    if NeverEmail.objects.filter(address_hash=address_hash(email)).exists():
        return
    now = timezone.now()
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(email__iexact=email).first()
        if subscription is None:
            # On the form, no topic ticked means every answer.
            subscription = Subscription(
                email=email,
                frequency=frequency,
                all_topics=not categories,
                language=translation.get_language(),
            )
            subscription.new_token()
            subscription.save()
            subscription.categories.set(categories)
        elif subscription.mailed_at and now - subscription.mailed_at < MAIL_AGAIN_AFTER:
            return
        elif subscription.confirmed_at is None:
            # Nobody has confirmed yet: the latest choices are the ones to confirm.
            subscription.frequency = frequency
            subscription.language = translation.get_language()
            subscription.all_topics = not categories
            subscription.categories.set(categories)
        if subscription.confirmed_at is None:
            confirm_token = secrets.token_urlsafe(32)
            subscription.confirm_hash = hash_token(confirm_token)
            outbox.queue(
                to=subscription.email,
                subject=gettext(CONFIRM_SUBJECT),
                template="emails/subscription_confirm.txt",
                context={
                    "confirm_url": link("confirm", confirm_token),
                    "hours": int(CONFIRM_VALID.total_seconds() // 3600),
                    "days": UNCONFIRMED_KEPT.days,
                    **links(subscription),
                },
            )
        else:
            outbox.queue(
                to=subscription.email,
                subject=gettext(EXISTS_SUBJECT),
                template="emails/subscription_exists.txt",
                context=links(subscription),
            )
        subscription.mailed_at = now
        subscription.save(
            update_fields=["frequency", "all_topics", "language", "confirm_hash", "mailed_at"]
        )
    log.info("Subscription #%s: email queued for a request.", subscription.pk)


def subscription_confirm(*, confirm_token: str) -> Subscription | None:
    """Confirm by the emailed link within 48 hours; None if the link is unknown,
    used or expired. Digests list answers published from now on."""
    now = timezone.now()
    with transaction.atomic():
        subscription = waiting_confirmation(confirm_token).select_for_update().first()
        if subscription is None:
            return None
        subscription.confirmed_at = subscription.last_digest_at = now
        subscription.confirm_hash = ""
        subscription.save(update_fields=["confirmed_at", "last_digest_at", "confirm_hash"])
    log.info("Subscription #%s confirmed.", subscription.pk)
    return subscription


def subscription_update(
    *, subscription: Subscription, categories: Iterable[Category], frequency: str
) -> None:
    categories = list(categories)
    with transaction.atomic():
        subscription.frequency = frequency
        # On the form, no topic ticked means every answer.
        subscription.all_topics = not categories
        subscription.save(update_fields=["frequency", "all_topics"])
        subscription.categories.set(categories)


def subscriptions_topic_removed(*, category: Category) -> int:
    """A category is being deleted: tell each confirmed subscriber who chose it
    as their only topic that we now send them nothing (never everything), with
    their link to choose again. Returns how many were told. Runs inside the
    deletion's transaction, so the emails are queued only if it commits."""
    Chosen = Subscription.categories.through
    only_this = (
        Subscription.objects.confirmed()
        .filter(
            all_topics=False,
            pk__in=Chosen.objects.filter(category=category).values("subscription_id"),
        )
        .exclude(pk__in=Chosen.objects.exclude(category=category).values("subscription_id"))
        .order_by("pk")
    )
    told = 0
    for subscription in only_this:
        with translation.override(subscription.language):  # theirs, with their links
            outbox.queue(
                to=subscription.email,
                subject=gettext(TOPIC_REMOVED_SUBJECT),
                template="emails/subscription_topic_removed.txt",
                context={"topic": category.name, **links(subscription)},
            )
        told += 1
    if told:
        log.info("Topic removed: %s subscriber(s) told that nothing more is sent.", told)
    return told


def _forget(subscriptions: list[Subscription]) -> None:
    """Before subscriptions are deleted: their digests and confirmation emails
    not sent yet are dropped, and those sent lose the address. Other mail to
    the same address (a patient's, a commenter's) is left to the eraser of the
    app that sent it: blanked here first, it could no longer be found by its
    address, and a name quoted in it would stay."""
    if not subscriptions:
        return
    waiting = DigestDelivery.objects.filter(subscription__in=subscriptions).values("email_id")
    OutgoingEmail.objects.filter(sent_at__isnull=True, pk__in=waiting).delete()
    to_them = Q()
    for subscription in subscriptions:
        to_them |= Q(to__iexact=subscription.email)
    OutgoingEmail.objects.filter(
        to_them,
        sent_at__isnull=True,
        subject__in=_own_subjects(),
    ).delete()
    own = Q(subject__in=_own_subjects()) | Q(headers__has_key="List-Unsubscribe")
    OutgoingEmail.objects.filter(to_them, own, sent_at__isnull=False).update(to="")


def subscription_end(*, token: str, never_again: bool) -> None:
    """End the subscription of this link and erase its address. Idempotent: a
    second click, a provider's retry, or an unknown link changes nothing more.
    With never_again, a keyed hash of the address stays, so that the form
    cannot subscribe it again."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().by_token(token).first()
        if subscription is None:
            return
        if never_again:
            NeverEmail.objects.get_or_create(address_hash=address_hash(subscription.email))
        pk = subscription.pk
        _forget([subscription])
        subscription.delete()  # its delivered rows go with it
    log.info("Subscription #%s ended%s.", pk, " (never email again)" if never_again else "")


def purge_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Erase the subscriptions nobody confirmed, a week after the last confirmation
    email; returns how many."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_KEPT
    with transaction.atomic():
        stale = list(
            Subscription.objects.select_for_update().filter(
                confirmed_at__isnull=True, mailed_at__lt=cutoff
            )
        )
        _forget(stale)
        _, erased = Subscription.objects.filter(pk__in=[s.pk for s in stale]).delete()
    return erased.get(Subscription._meta.label, 0)


def subscriber_export(*, email: str) -> dict | None:
    """All we hold about one address, for a person who asks (by email, to the
    clinic): the subscription, and the questions, comments and mail under the
    address. None if we hold nothing."""
    subscription = (
        Subscription.objects.filter(email__iexact=comparable(email))
        .prefetch_related("categories")
        .first()
    )
    never = NeverEmail.objects.filter(address_hash=address_hash(email)).exists()
    written = personal_data_export(email=comparable(email))
    if subscription is None:
        if not never and not any(written.values()):
            return None
        return {"email": email, "never_email_again": never, **written}
    return {
        "email": subscription.email,
        "frequency": subscription.frequency,
        "categories": ["all answers"]
        if subscription.all_topics
        else [c.name for c in subscription.categories.all()],
        "asked_at": subscription.created_at.isoformat(),
        "confirmed_at": subscription.confirmed_at.isoformat()
        if subscription.confirmed_at
        else None,
        "last_digest_at": subscription.last_digest_at.isoformat()
        if subscription.last_digest_at
        else None,
        "answers_sent": DigestDelivery.objects.filter(subscription=subscription).count(),
        "never_email_again": never,
        **written,
    }


def subscriber_erase(*, email: str) -> bool:
    """Erase everything held under an address: its subscription (and
    do-not-email entry), the details and wording of its questions, its comments
    and its mail (questions.services.privacy). False if we held nothing."""
    with transaction.atomic():
        held = list(Subscription.objects.filter(email__iexact=comparable(email)))
        _forget(held)
        erased, _ = Subscription.objects.filter(pk__in=[s.pk for s in held]).delete()
        forgotten, _ = NeverEmail.objects.filter(address_hash=address_hash(email)).delete()
        written = personal_data_erase(email=comparable(email))
    return bool(erased or forgotten or written)
