"""A commenter may ask, with their comment, for one email when a clinician
replies. The address serves that one email and is then erased; it is erased
too when the comment is rejected, and by the daily purge after a set time."""

from __future__ import annotations

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from core.models import OutgoingEmail
from questions import services
from questions.models import Comment, CommentReply
from tests.conftest import send_outbox
from tests.factories import PublishedQuestionFactory
from tests.forms import form_fields

pytestmark = pytest.mark.django_db

ADDRESS = "ingrid.tollemache@reader-private.test"
COMMENT = "Does a cooling vest help on hot days? Mine feels too heavy."


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.ASK_MIN_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://ms.example.org"


@pytest.fixture
def qa(db):
    return PublishedQuestionFactory(title="Does heat make MS symptoms worse?")


def leave_comment(client, qa, **data):
    url = f"/questions/{qa.slug}/reply/"
    return client.post(url, {**form_fields(client, url), "comment": COMMENT, **data})


def asked_for_an_email(visitor, qa, moderator) -> Comment:
    """A reader comments asking to hear of a reply; a moderator approves it."""
    response = leave_comment(visitor, qa, email=ADDRESS, notify_reply="on")
    assert response.status_code == 302
    comment = Comment.objects.get()
    services.comment_moderate(comment_ids=[comment.pk], actor=moderator, status="approved")
    return comment


def stored_anywhere(address: str) -> list[str]:
    """Every row of ours that still holds the address."""
    found = [
        f"comment {pk}"
        for pk in Comment.objects.filter(author_email=address).values_list("pk", flat=True)
    ]
    found += [
        f"outbox {pk}"
        for pk in OutgoingEmail.objects.filter(
            Q(to=address) | Q(body__contains=address)
        ).values_list("pk", flat=True)
    ]
    return found


def test_the_reply_form_says_in_plain_words_what_the_email_is_for(visitor, qa):
    html = visitor.get(f"/questions/{qa.slug}/reply/").content.decode()
    assert "Email me once when a clinician replies to my comment" in html
    assert "we send you one email with a link to the reply, then erase your email address" in html
    assert (
        "If no one has replied 30 days after your comment is checked, we erase it anyway." in html
    )


def test_asking_for_the_email_without_an_address_keeps_everything_typed(visitor, qa):
    response = leave_comment(visitor, qa, name="Ingrid", notify_reply="on")
    assert response.status_code == 200
    html = response.content.decode()
    assert "To be emailed when a clinician replies, give your email." in html
    assert COMMENT in html and 'value="Ingrid"' in html
    assert not Comment.objects.exists()


def test_the_commenter_gets_one_email_when_a_clinician_replies_and_the_address_is_erased(
    visitor, qa, moderator, clinician
):
    comment = asked_for_an_email(visitor, qa, moderator)
    assert comment.notify_reply and comment.author_email == ADDRESS
    reply = services.comment_reply(comment_id=comment.pk, actor=clinician, body="Yes, often.")

    # Queued with the reply; the comment no longer holds the address.
    comment.refresh_from_db()
    assert (comment.author_email, comment.notify_reply) == ("", False)
    sent = send_outbox()
    send_outbox()  # cron runs again: nothing goes twice
    assert [(m.to, m.subject) for m in sent] == [([ADDRESS], "A reply to your comment")]
    body = sent[0].body
    assert "Rosa Mendel, MD has now replied." in body
    assert f"https://ms.example.org/questions/{qa.slug}/#reply-{reply.pk}" in body
    assert "general information, not medical advice for you" in body
    assert "We have now erased your email address" in body
    assert COMMENT not in body  # nothing they wrote travels again
    assert stored_anywhere(ADDRESS) == []
    assert OutgoingEmail.objects.get().sent_at is not None


def test_a_second_reply_sends_nothing_more(visitor, qa, moderator, clinician, colleague):
    comment = asked_for_an_email(visitor, qa, moderator)
    services.comment_reply(comment_id=comment.pk, actor=clinician, body="Yes, often.")
    services.comment_reply(comment_id=comment.pk, actor=colleague, body="I agree.")
    assert len(send_outbox()) == 1
    assert CommentReply.objects.count() == 2


def test_the_clinic_teams_reply_says_so_in_the_email(visitor, qa, moderator):
    comment = asked_for_an_email(visitor, qa, moderator)
    services.comment_reply(comment_id=comment.pk, actor=moderator, body="Thank you.")
    [message] = send_outbox()
    assert "The clinic team has now replied." in message.body


def test_a_refused_send_keeps_the_address_only_until_it_goes_out(
    visitor, qa, moderator, clinician, settings
):
    comment = asked_for_an_email(visitor, qa, moderator)
    services.comment_reply(comment_id=comment.pk, actor=clinician, body="Yes, often.")
    settings.EMAIL_BACKEND = "tests.test_ask_privacy.FailingSMTPBackend"
    out = io.StringIO()
    call_command("send_outbox", stdout=out)
    assert out.getvalue().strip() == "0 sent, 1 still waiting."
    assert stored_anywhere(ADDRESS) == [f"outbox {OutgoingEmail.objects.get().pk}"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert [m.to for m in send_outbox()] == [[ADDRESS]]
    assert stored_anywhere(ADDRESS) == []


def test_without_the_box_ticked_no_email_is_sent(visitor, qa, moderator, clinician):
    leave_comment(visitor, qa, email=ADDRESS)
    comment = Comment.objects.get()
    assert comment.notify_reply is False
    services.comment_moderate(comment_ids=[comment.pk], actor=moderator, status="approved")
    services.comment_reply(comment_id=comment.pk, actor=clinician, body="Yes, often.")
    assert send_outbox() == []
    # Kept for a moderator's question, until the purge (below).
    assert Comment.objects.get().author_email == ADDRESS


@pytest.mark.parametrize("status", ["rejected", "spam"])
def test_rejecting_the_comment_erases_the_address(visitor, qa, moderator, status):
    leave_comment(visitor, qa, email=ADDRESS, notify_reply="on")
    comment = Comment.objects.get()
    services.comment_moderate(comment_ids=[comment.pk], actor=moderator, status=status)
    comment.refresh_from_db()
    assert (comment.author_email, comment.notify_reply) == ("", False)
    assert stored_anywhere(ADDRESS) == []


def test_the_daily_purge_erases_an_address_still_waiting_for_a_reply(
    visitor, qa, moderator, clinician
):
    comment = asked_for_an_email(visitor, qa, moderator)
    Comment.objects.filter(pk=comment.pk).update(
        moderated_at=timezone.now() - datetime.timedelta(days=31)
    )
    call_command("purge_personal_data", stdout=io.StringIO())
    comment.refresh_from_db()
    assert (comment.author_email, comment.notify_reply) == ("", False)
    services.comment_reply(comment_id=comment.pk, actor=clinician, body="Yes, often.")
    assert send_outbox() == []


def test_the_address_is_in_no_log_line_and_on_no_public_page(
    visitor, qa, moderator, clinician, caplog
):
    for name in (None, "django", "mscenter", "questions"):
        caplog.set_level(logging.DEBUG, logger=name)
    comment = asked_for_an_email(visitor, qa, moderator)
    page_before = visitor.get(qa.get_absolute_url()).content.decode()
    services.comment_reply(comment_id=comment.pk, actor=clinician, body="Yes, often.")
    send_outbox()
    assert "Reply from Rosa Mendel, MD" in visitor.get(qa.get_absolute_url()).content.decode()
    assert "reply #" in caplog.text, "the logs were captured"
    assert ADDRESS not in caplog.text
    assert ADDRESS not in page_before
