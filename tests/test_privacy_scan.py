"""Patients' and commenters' details never leave the staff's side.

Distinctive names, emails, addresses and original wording are sent through the
real forms, the questions go through the real admin (de-identified, answered,
signed, published, one declined, one left waiting), comments are approved or
left pending, and then every public page, feed and error page, every email to
someone else and every log record of the whole flow is searched for them.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.utils import timezone

from core.models import OutgoingEmail
from questions.models import Comment, Question
from tests.conftest import client_for, role, send_outbox
from tests.factories import (
    CategoryFactory,
    ExpertProfileFactory,
    UserFactory,
)
from tests.forms import form_fields, question_change_form, transition_form
from tests.privacy_people import (
    ALL_SECRETS,
    COMMENTERS,
    PATIENTS,
    SUBSCRIBERS,
    leaks,
    secrets_of,
)

pytestmark = pytest.mark.django_db


class _Records(logging.Handler):
    """Every log record of the flow, kept for the module's tests (pytest's
    caplog lives for one test, the flow for the module)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


LOGGERS = ("", "django", "django.request", "django.security", "mscenter", "questions")


@pytest.fixture(scope="module")
def flow(django_db_setup, django_db_blocker):
    """The whole life of the questions and comments, through the real forms:
    run once for the module's tests, which only read what it left, inside a
    transaction rolled back at the end."""
    limits = override_settings(
        ASK_MIN_SECONDS=0,
        ASK_RATE_LIMIT="1000/h",
        COMMENT_RATE_LIMIT="1000/h",
        SUBSCRIBE_RATE_LIMIT="1000/h",
        MODERATOR_EMAILS=["moderators@clinic.test"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    records = _Records()
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    with django_db_blocker.unblock(), limits, transaction.atomic():
        cache.clear()
        mail.outbox = []
        logging.getLogger().addHandler(records)
        for name in LOGGERS:
            logging.getLogger(name).setLevel(logging.DEBUG)
        try:
            lived = _live_through()
        finally:
            # Only the flow's records: later tests here log crashes on purpose.
            logging.getLogger().removeHandler(records)
            for name, level in levels.items():
                logging.getLogger(name).setLevel(level)
        yield {**lived, "log": records.records, "mail": list(mail.outbox)}
        transaction.set_rollback(True)
    cache.clear()


def _live_through() -> dict:
    moderator = UserFactory(username="moderator", is_staff=True)
    moderator.groups.add(role("Moderators"))
    expert = ExpertProfileFactory(user__username="expert").user
    expert.groups.add(role("Experts"))
    colleague = ExpertProfileFactory(user__username="colleague").user
    colleague.groups.add(role("Experts"))
    category = CategoryFactory(name="Infusions", slug="infusions")
    mod, exp, col = client_for(moderator), client_for(expert), client_for(colleague)
    published = []
    with TestCase.captureOnCommitCallbacks(execute=True):
        _subscribe(SUBSCRIBERS)
        for person in PATIENTS:
            patient = Client(REMOTE_ADDR=person["address"])
            data = {
                **form_fields(patient, "/ask/"),
                "subject": person["subject"],
                "question": person["question"],
                "name": person["name"],
                "email": person["email"],
                "notify": "on",
                "ack_not_advice": "on",
                "ack_publish": "on",
            }
            response = patient.post("/ask/", data)
            assert response.status_code == 302, response.content.decode()[:3000]
            patient.get(response["Location"])  # the thank-you page
            question = Question.objects.get(submission__email=person["email"])
            person["status_url"] = response["Location"].replace("/thanks/", "/status/")
            change = f"/admin/questions/question/{question.pk}/change/"
            if person["fate"] == "declined":
                decline = transition_form(
                    question, "reject", transition_reason="out_of_scope", _confirmed="1"
                )
                mod.post(change, decline)
                continue
            if person["fate"] == "waiting":
                continue
            # The moderator de-identifies and assigns, the clinician answers, a
            # colleague signs.
            response = mod.post(
                change,
                {
                    **question_change_form(question),
                    "title": person["public_title"],
                    "body": person["public_body"],
                    "category": category.pk,
                },
            )
            assert response.status_code == 302, response.content.decode()[:3000]
            question.refresh_from_db()
            mod.post(
                change,
                transition_form(question, "assign", transition_expert=expert.expert_profile.pk),
            )
            question.refresh_from_db()
            exp.post(
                change,
                {**question_change_form(question), "answer_source": "Plan it with your care team."},
            )
            for client, action in [
                (exp, "submit_for_signoff"),
                (col, "sign_off"),
                (exp, "publish"),
            ]:
                question.refresh_from_db()
                response = client.post(change, transition_form(question, action), follow=True)
                assert "Done: " in response.content.decode(), action
            question.refresh_from_db()
            assert question.status == Question.Status.PUBLISHED
            published.append(question)

        qa = published[0]
        for person in COMMENTERS:
            reader = Client(REMOTE_ADDR=person["address"])
            url = f"/questions/{qa.slug}/reply/"
            response = reader.post(
                url,
                {
                    **form_fields(reader, url),
                    "comment": person["comment"],
                    "name": person["name"],
                    "email": person["email"],
                    **({"notify_reply": "on"} if person.get("notify_reply") else {}),
                },
            )
            assert response.status_code == 302
            reader.get(response["Location"])
            if person["approve"]:
                comment = Comment.objects.get(author_email=person["email"])
                mod.post(
                    "/admin/questions/comment/",
                    {"action": "approve", "_selected_action": [comment.pk]},
                )
            if person.get("reply"):
                # The clinician replies from the admin; the commenter's one email is queued.
                reply = f"/admin/questions/comment/{comment.pk}/reply/"
                exp.get(reply)
                assert exp.post(reply, {"body": person["reply"]}).status_code == 302
    assert Comment.objects.filter(status="approved").count() == 1
    call_command("send_digests", "--frequency", "daily", stdout=io.StringIO())
    send_outbox()
    for person in SUBSCRIBERS:
        reader = Client(REMOTE_ADDR=person["address"])
        if person["ends"]:
            reader.get(person["unsubscribe"])
            reader.post(person["unsubscribe"], {"never": "on"})
    return {"published": published, "category": category, "moderator": moderator}


def _subscribe(people: list[dict]) -> None:
    """Readers subscribe through the form and confirm by the emailed link."""
    for person in people:
        reader = Client(REMOTE_ADDR=person["address"])
        data = {
            **form_fields(reader, "/subscribe/"),
            "email": person["email"],
            "frequency": "daily",
        }
        response = reader.post("/subscribe/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
        reader.get(response["Location"])
        [confirmation] = [m for m in send_outbox() if m.to == [person["email"]]]
        link = re.search(r"https?://[^/\s]+(/subscribe/confirm/[^/\s]+/)", confirmation.body)[1]
        reader.get(link)
        response = reader.post(link)
        manage = response["Location"].split("?")[0]
        reader.get(response["Location"])
        person["manage"] = manage
        person["unsubscribe"] = manage.replace("/manage/", "/unsubscribe/")


def public_urls(flow) -> list[str]:
    urls = [
        "/",
        "/questions/",
        "/archive/",
        f"/category/{flow['category'].slug}/",
        "/drugs/",
        "/ask/",
        "/feeds/",
        "/subscribe/",
        "/subscribe/sent/",
        "/feeds/latest/",
        f"/feeds/category/{flow['category'].slug}/",
        "/sitemap.xml",
        "/robots.txt",
        "/no-such-page/",
    ]
    # A subscriber's own private pages do not show their address either.
    urls += [page for p in SUBSCRIBERS if not p["ends"] for page in (p["manage"], p["unsubscribe"])]
    months = Counter(f"{timezone.localtime(q.published_at):%Y/%m}" for q in flow["published"])
    urls += [f"/archive/{month}/" for month in months]
    for question in flow["published"]:
        urls += [
            question.get_absolute_url(),
            f"/questions/{question.slug}/reply/",
            f"/questions/{question.slug}/reply/sent/",
        ]
    return urls


def test_no_public_page_feed_or_sitemap_shows_a_name_email_address_or_original_words(flow, visitor):
    found = {}
    for url in public_urls(flow):
        response = visitor.get(url)
        assert response.status_code in (200, 404), url
        if hits := leaks(response.content.decode()):
            found[url] = hits
    assert found == {}


def test_searching_for_their_names_or_words_finds_nothing(flow, visitor):
    """Nothing public holds their words: a search for them finds no answer, or
    says that no answer mentions some of them and shows answers for the other,
    everyday words ("fatigue", "Tysabri") only."""
    found = {}
    for secret in ALL_SECRETS:
        html = visitor.get("/search/", {"q": secret}).content.decode()
        if re.search(r'class="search-count"[^>]*>0 answers', html):
            continue
        left_out = re.findall(r'<p class="search-left-out">No answers mention (.*?);', html)
        if not left_out:
            found[secret] = re.findall(r'class="search-count"[^>]*>([^<]*)', html)
    assert found == {}


def test_staff_and_the_patient_see_the_details_and_the_public_the_de_identified_text(flow, visitor):
    """Also a control: the details are there to be found, so a scan that finds
    nothing is not blind."""
    question = flow["published"][0]
    staff_page = client_for(flow["moderator"]).get(
        f"/admin/questions/question/{question.pk}/change/"
    )
    assert PATIENTS[0]["name"] in leaks(staff_page.content.decode())
    own_page = Client().get(PATIENTS[0]["status_url"]).content.decode()
    assert PATIENTS[0]["question"] in leaks(own_page)
    public = visitor.get(question.get_absolute_url()).content.decode()
    assert PATIENTS[0]["public_body"] in public
    assert "Plan it with your care team." in public
    assert COMMENTERS[0]["comment"] in public  # approved, shown as "A reader"


def test_no_email_to_someone_else_carries_another_persons_details(flow):
    assert flow["mail"], "the flow sends mail"
    found = []
    for message in flow["mail"]:
        html = "".join(part for part, _type in getattr(message, "alternatives", []))
        text = f"{message.subject}\n{message.body}\n{html}"
        own = next((p for p in PATIENTS + COMMENTERS if message.to == [p["email"]]), None)
        hits = [s for s in leaks(text) if own is None or s not in secrets_of(own)]
        if hits:
            found.append((message.to, message.subject, hits))
    assert found == []


def test_the_commenter_who_asked_hears_of_the_reply_once_and_their_address_is_gone(flow, visitor):
    commenter = COMMENTERS[0]
    told = [m for m in flow["mail"] if m.to == [commenter["email"]]]
    assert [m.subject for m in told] == ["A reply to your comment"]
    assert commenter["comment"] not in told[0].body
    assert not Comment.objects.filter(author_email=commenter["email"]).exists()
    assert not OutgoingEmail.objects.filter(to=commenter["email"]).exists()
    public = visitor.get(flow["published"][0].get_absolute_url()).content.decode()
    assert commenter["reply"] in public and "Reply from Dana Example" in public


def test_the_comment_lists_of_the_admin_show_no_commenters_email_name_or_address(flow):
    """The lists show what was written (moderators judge it), never who wrote it."""
    expert = User.objects.get(username="expert")
    details = [p[key] for p in COMMENTERS for key in ("email", "name", "address")]
    found = {}
    for user in (flow["moderator"], expert):
        for status in ("pending", "approved", "rejected"):
            url = f"/admin/questions/comment/?status__exact={status}"
            html = client_for(user).get(url).content.decode()
            assert "Comment" in html, url
            if hits := [d for d in details if d.lower() in html.lower()]:
                found[(user.username, status)] = hits
    assert found == {}


def test_no_log_record_of_the_whole_flow_carries_them(flow):
    records = flow["log"]
    messages = [r.getMessage() for r in records]
    assert any("staff sign-in" in m for m in messages), messages
    assert any("publish (signed_off -> published)" in m for m in messages), messages
    found = []
    for record in records:
        text = f"{record.name} {record.getMessage()} {record.args!r} {record.__dict__!r}"
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        if hits := leaks(text):
            found.append((record.name, record.getMessage(), hits))
    assert found == []


def test_subscribers_got_their_digest_and_the_one_who_left_is_erased(flow):
    """A control for the scans above (the addresses were there to be found),
    and the address of the reader who left is gone."""
    from subscriptions.models import NeverEmail, Subscription

    staying, leaving = SUBSCRIBERS
    digests = [m for m in flow["mail"] if "new answer" in m.subject]
    assert sorted(m.to[0] for m in digests) == sorted([staying["email"], leaving["email"]])
    for question in flow["published"]:
        assert question.published_answer.question_title in digests[0].body
    assert list(Subscription.objects.values_list("email", flat=True)) == [staying["email"]]
    assert NeverEmail.objects.count() == 1
