"""Audit log lines for staff activity. They name staff by user id and
username, never a patient's or commenter's name, email, wording or address."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

log = logging.getLogger("mscenter.audit")


@receiver(user_logged_in)
def _signed_in(sender: type, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any) -> None:
    log.info("staff sign-in: user #%s (%s)", user.pk, user.get_username())


@receiver(user_logged_out)
def _signed_out(
    sender: type, request: HttpRequest, user: AbstractBaseUser | None, **kwargs: Any
) -> None:
    if user is not None:
        log.info("staff sign-out: user #%s (%s)", user.pk, user.get_username())


@receiver(user_login_failed)
def _sign_in_failed(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # What was typed as a user name may be a password or an email: not logged.
    log.warning("failed staff sign-in attempt")


def status_changed(
    *, question_id: int, actor_id: int | None, action: str, from_status: str, to_status: str
) -> None:
    log.info(
        "question #%s: %s (%s -> %s) by user #%s",
        question_id,
        action,
        from_status or "-",
        to_status,
        actor_id if actor_id is not None else "-",
    )


def comment_replied(*, comment_id: int, reply_id: int, actor_id: int) -> None:
    log.info("comment #%s: reply #%s by user #%s", comment_id, reply_id, actor_id)


def translation_signed(
    *, question_id: int, translation_id: int, language: str, actor_id: int
) -> None:
    log.info(
        "question #%s: translation #%s (%s) signed by user #%s",
        question_id,
        translation_id,
        language,
        actor_id,
    )


def reference_translation_moved(
    label: str, action: str, entry_id: int, translation_id: int, language: str, actor_id: int
) -> None:
    log.info(
        "%s #%s of entry #%s (%s): %s by user #%s",
        label,
        translation_id,
        entry_id,
        language,
        action,
        actor_id,
    )
