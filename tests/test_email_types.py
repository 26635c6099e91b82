"""Every kind of email the site sends reaches an inbox as mail programs expect:
a plain-text part, an accessible HTML part, and the headers of automatic mail."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from questions import notifications, services
from questions.models import PatientSubmission, Question
from subscriptions.models import Subscription
from tests.conftest import send_outbox
from tests.factories import CommentFactory, PublishedQuestionFactory, QuestionFactory
from tests.subscription_helpers import ask_to_subscribe, subscribe_and_confirm

pytestmark = pytest.mark.django_db

SITE = "https://ms.example.org"
AUTOMATIC = {"Auto-Submitted": "auto-generated"}
DIGEST = {"Auto-Submitted": "auto-generated", "Precedence": "bulk"}

# subject -> the headers it must carry (besides those every message has).
EXPECTED = {
    "We received your question": AUTOMATIC,
    "Your question has been answered": AUTOMATIC,
    "About the question you sent us": AUTOMATIC,
    "A question was assigned to you": AUTOMATIC,
    "An answer waits for your sign-off": AUTOMATIC,
    "New question waiting for triage": AUTOMATIC,
    "3 comments waiting for approval": DIGEST,
    "A reply to your comment": AUTOMATIC,
    "Please confirm your subscription": AUTOMATIC,
    "You are already subscribed": AUTOMATIC,
    "2 new answers from Virtual MS Center": {
        **DIGEST,
        "List-Unsubscribe": "<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
}

# The emails to staff, about their work.
STAFF = {
    "A question was assigned to you",
    "An answer waits for your sign-off",
    "New question waiting for triage",
    "3 comments waiting for approval",
}


@pytest.fixture
def every_email(settings, expert, colleague) -> dict:
    """One of each kind, made the way the site makes them, then sent by the outbox job."""
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Virtual MS Center"
    settings.MODERATOR_EMAILS = ["moderators@clinic.test"]
    settings.ASK_MIN_SECONDS = 0
    settings.SUBSCRIBE_RATE_LIMIT = "1000/h"
    expert.email, colleague.email = "expert@clinic.test", "colleague@clinic.test"
    expert.save()
    colleague.save()
    question = QuestionFactory()
    PatientSubmission.objects.filter(question=question).update(notify=True)
    question.refresh_from_db()
    question.expert = expert.expert_profile
    notifications.patient_acknowledged(question, status_url=f"{SITE}/ask/status/abc/")
    notifications.expert_assigned(question)
    notifications.signers_answer_waiting(
        question, sender=expert, signers=[colleague.expert_profile]
    )
    notifications.moderators_new_question(question)
    notifications.moderators_comments_waiting(3)
    declined = QuestionFactory(
        status=Question.Status.REJECTED, reject_reason=Question.RejectReason.OUT_OF_SCOPE
    )
    notifications.patient_declined(declined)
    answered = PublishedQuestionFactory()
    PatientSubmission.objects.filter(question=answered).update(notify=True)
    answered.refresh_from_db()
    notifications.patient_answer_published(answered)
    comment = CommentFactory(question=answered, notify_reply=True)
    services.comment_reply(comment_id=comment.pk, actor=expert, body="Thank you for asking.")

    manage = subscribe_and_confirm(Client(), "reader@reader.test")
    Subscription.objects.update(mailed_at=timezone.now() - datetime.timedelta(hours=2))
    ask_to_subscribe(Client(), "reader@reader.test")  # subscribed already
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Subscription.objects.update(confirmed_at=hour_ago, last_digest_at=hour_ago)
    PublishedQuestionFactory()  # with `answered`: two new answers for the digest
    call_command("send_digests", "--frequency", "daily")
    by_subject = {}
    for message in send_outbox():
        subject = re.sub(r" \(#\d+\)$", "", message.subject)
        by_subject.setdefault(subject, message)
    return {
        "mail": by_subject,
        "unsubscribe": SITE + manage.replace("/manage/", "/unsubscribe/"),
    }


def test_each_kind_of_email_is_sent(every_email):
    assert sorted(every_email["mail"]) == sorted(EXPECTED)


@pytest.mark.parametrize("subject", sorted(EXPECTED))
def test_each_email_carries_the_headers_of_automatic_mail(every_email, subject):
    message = every_email["mail"][subject]
    expected = {
        name: value.format(unsubscribe=every_email["unsubscribe"])
        for name, value in EXPECTED[subject].items()
    }
    assert message.extra_headers == expected
    sent = message.message()
    assert sent["Auto-Submitted"] == "auto-generated"
    assert sent["Message-ID"] and sent["Date"]


@pytest.mark.parametrize("subject", sorted(EXPECTED))
def test_each_email_has_a_text_part_and_an_accessible_html_part(every_email, subject):
    message = every_email["mail"][subject]
    sent = message.message()
    assert sent.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in sent.get_payload()] == ["text/plain", "text/html"]
    text = message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "Virtual MS Center" in text
    # The patients' disclaimer: in every email but those to staff about their work.
    for_patients_and_readers = subject not in STAFF
    assert ("They are not medical advice for you." in text) is for_patients_and_readers
    assert '<html lang="en">' in html
    assert "<title>" in html
    assert '<p style="margin:0 0 24px;font-size:24px;font-weight:bold;color:#0b4f6c;">' in html
    assert "font-size:20px" in html  # large type
    assert ("They are not medical advice for you." in html) is for_patients_and_readers
    assert "<img" not in html and "<script" not in html
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all(link.startswith(f"{SITE}/") for link in links), links
    for url in re.findall(r"https?://\S+", text):
        assert url.startswith(f"{SITE}/"), url


def test_the_text_part_is_not_html_escaped_and_the_html_part_is(settings):
    settings.SITE_URL = SITE
    question = QuestionFactory(
        status=Question.Status.REJECTED,
        reject_reason=Question.RejectReason.OUT_OF_SCOPE,
        reject_note="Ask your MS nurse about <drug> doses & timing.",
    )
    notifications.patient_declined(question)
    [message] = send_outbox()
    assert "Ask your MS nurse about <drug> doses & timing." in message.body
    assert "Ask your MS nurse about &lt;drug&gt; doses &amp; timing." in message.alternatives[0][0]
