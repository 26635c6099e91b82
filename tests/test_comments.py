"""Readers comment; nothing appears until a moderator approves it."""

from __future__ import annotations

import datetime
import io
import re

import feedparser
import pytest
from django.core.management import call_command
from django.utils import timezone

from questions.models import Comment
from tests.conftest import client_for
from tests.factories import CommentFactory, PublishedQuestionFactory
from tests.forms import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.ASK_MIN_SECONDS = 0


def post_comment(client, qa, **data):
    url = f"/questions/{qa.slug}/reply/"
    payload = {**form_fields(client, url), "comment": "This helped me a lot.", **data}
    return client.post(url, payload)


def test_the_qa_page_links_to_the_reply_page_and_carries_no_form(visitor, qa):
    response = visitor.get(qa.get_absolute_url())
    html = response.content.decode()
    assert f'href="/questions/{qa.slug}/reply/"' in html and "Leave a reply" in html
    # The one form that posts is "Was this helpful?", which needs no token (feedback/views.py).
    assert html.lower().count('method="post"') == 1
    assert f'action="/questions/{qa.slug}/helpful/"' in html
    assert "csrfmiddlewaretoken" not in html and "captcha" not in html
    assert "csrftoken" not in response.cookies


def test_reply_page_shows_the_title_and_the_form(visitor, qa):
    html = visitor.get(f"/questions/{qa.slug}/reply/").content.decode()
    assert "Leave a reply" in html and "What happens on an infusion day?" in html
    assert 'name="comment"' in html and 'name="captcha_1"' in html


def test_a_comment_waits_for_approval_then_appears_with_the_count(visitor, qa, moderator):
    response = post_comment(visitor, qa, comment="Thank you!\nIt was exactly like that for me.")
    assert response.status_code == 302
    confirmation = visitor.get(response["Location"]).content.decode()
    assert "Your comment will be posted after it is approved." in confirmation
    assert f'href="{qa.get_absolute_url()}"' in confirmation

    page = visitor.get(qa.get_absolute_url()).content.decode()
    assert "It was exactly like that" not in page and "0 Comments" in page

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    client_for(moderator).post(
        "/admin/questions/comment/",
        {"action": "approve", "_selected_action": [comment.pk]},
    )
    page = visitor.get(qa.get_absolute_url()).content.decode()
    assert "Thank you!<br>It was exactly like that for me." in page
    assert "1 Comment" in page
    comment.refresh_from_db()
    assert comment.moderated_by == moderator and comment.moderated_at is not None


def test_approved_comments_show_oldest_first_and_are_counted_everywhere(visitor, qa):
    now = timezone.now()
    CommentFactory(question=qa, body="Second comment", created_at=now)
    CommentFactory(question=qa, body="First comment", created_at=now - datetime.timedelta(hours=1))
    CommentFactory(question=qa, body="Spam comment", status=Comment.Status.SPAM)
    CommentFactory(question=qa, body="Rejected comment", status=Comment.Status.REJECTED)
    page = visitor.get(qa.get_absolute_url()).content.decode()
    assert page.index("First comment") < page.index("Second comment")
    assert "Spam comment" not in page and "Rejected comment" not in page
    assert "2 Comments" in page
    assert "2 Comments" in visitor.get("/questions/").content.decode()
    feed = feedparser.parse(visitor.get("/feeds/latest/").content)
    assert "2 Comments" in feed.entries[0].summary


def test_a_double_post_stores_one_comment(visitor, qa):
    url = f"/questions/{qa.slug}/reply/"
    payload = {**form_fields(visitor, url), "comment": "Posted twice by a double click."}
    first = visitor.post(url, payload)
    second = visitor.post(url, payload)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1


def test_a_sum_solved_right_is_kept_while_the_comment_is_put_right(visitor, qa):
    url = f"/questions/{qa.slug}/reply/"
    fields = form_fields(visitor, url)
    response = visitor.post(url, {**fields, "comment": "x" * 3001})
    html = response.content.decode()
    assert "Please keep it to 3000 characters" in html
    assert "You solved the sum already." in html
    assert 'name="captcha_1"' not in html
    note = re.search(r'name="sum_solved" value="([^"]+)"', html).group(1)

    corrected = {**fields, "captcha_1": "", "sum_solved": note, "comment": "Bring a book."}
    assert visitor.post(url, corrected).status_code == 302
    assert Comment.objects.get().body == "Bring a book."


def test_the_help_beside_the_sum_speaks_of_the_comment(visitor, qa):
    html = visitor.get(f"/questions/{qa.slug}/reply/").content.decode()
    assert "they do not need to see your comment" in html
    assert "your question" not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"comment": "   "}, "Please write your comment."),
        ({"comment": "x" * 3001}, "Please keep it to 3000 characters"),
        ({"email": "not-an-email"}, "This does not look like an email address."),
        ({"captcha_1": "999"}, "That is not the answer to the sum."),
        (
            {"comment": "see http://a.example http://b.example http://c.example http://d.example"},
            "at most 3 web links",
        ),
        ({"website": "http://spam.example"}, "Please leave this field empty."),
    ],
)
def test_errors_show_on_the_same_form_with_the_text_kept(visitor, qa, data, message):
    typed = {"comment": "My carefully typed comment.", "name": "Kept Name", **data}
    response = post_comment(visitor, qa, **typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Nothing you typed is lost." in html
    if typed["comment"].strip() and len(typed["comment"]) < 3001:
        assert typed["comment"] in html
    assert 'value="Kept Name"' in html
    assert Comment.objects.count() == 0


def test_too_fast_a_post_is_refused_with_the_text_kept(visitor, qa, settings):
    settings.ASK_MIN_SECONDS = 30
    response = post_comment(visitor, qa, comment="Typed by a robot in no time.")
    assert "That was very fast." in response.content.decode()
    assert "Typed by a robot in no time." in response.content.decode()
    assert Comment.objects.count() == 0


def test_too_many_comments_from_one_client_get_a_friendly_429_with_the_text(visitor, qa, settings):
    settings.COMMENT_RATE_LIMIT = "2/d"
    for n in range(2):
        assert post_comment(visitor, qa, comment=f"Comment number {n}").status_code == 302
    response = post_comment(visitor, qa, comment="The third one, kept for me.")
    assert response.status_code == 429
    assert "Please wait a while" in response.content.decode()
    assert "You have sent 2 comments from your connection in the last day" in (
        response.content.decode()
    )
    assert "The third one, kept for me." in response.content.decode()
    assert Comment.objects.count() == 2


def test_mistakes_on_the_comment_form_do_not_use_up_the_comment_limit(visitor, qa, settings):
    settings.COMMENT_RATE_LIMIT = "1/d"
    for _ in range(3):
        response = post_comment(visitor, qa, comment="x")
        assert response.status_code == 200
    assert post_comment(visitor, qa, comment="Now long enough.").status_code == 302
    assert Comment.objects.count() == 1


def test_commenter_text_is_escaped_and_links_get_safe_rel(visitor, qa):
    CommentFactory(
        question=qa,
        body="<script>alert(1)</script> <b>bold</b> see https://example.org/page and javascript:alert(2)",
    )
    html = visitor.get(qa.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html
    assert '<a href="https://example.org/page" rel="nofollow ugc noopener noreferrer">' in html
    assert 'href="javascript' not in html


def test_commenter_email_ip_and_name_never_appear_publicly(visitor, qa, moderator):
    post_comment(
        visitor, qa, name="Hidden Person", email="hidden.person@example.org", comment="Approve me"
    )
    comment = Comment.objects.get()
    assert "127.0.0.1" not in comment.client_hash and comment.client_hash
    client_for(moderator).post(
        "/admin/questions/comment/", {"action": "approve", "_selected_action": [comment.pk]}
    )
    for url in [qa.get_absolute_url(), "/questions/", "/feeds/latest/", "/sitemap.xml"]:
        body = visitor.get(url).content.decode()
        assert "Hidden Person" not in body and "hidden.person@example.org" not in body, url


def test_closed_comments_show_a_notice_instead_of_the_form(visitor, qa):
    qa.comments_closed = True
    qa.save()
    assert (
        "Comments on this Q&amp;A are closed."
        in visitor.get(qa.get_absolute_url()).content.decode()
    )
    page = visitor.get(f"/questions/{qa.slug}/reply/").content.decode()
    assert "Comments are closed" in page and 'name="comment"' not in page
    response = visitor.post(f"/questions/{qa.slug}/reply/", {"comment": "sneaking in"})
    assert "Comments are closed" in response.content.decode()
    assert Comment.objects.count() == 0


def test_comments_close_by_themselves_after_the_configured_days(visitor, settings):
    settings.COMMENTS_OPEN_DAYS = 30
    old = PublishedQuestionFactory(published=timezone.now() - datetime.timedelta(days=31))
    fresh = PublishedQuestionFactory(published=timezone.now() - datetime.timedelta(days=29))
    assert "Comments are closed" in visitor.get(f"/questions/{old.slug}/reply/").content.decode()
    assert 'name="comment"' in visitor.get(f"/questions/{fresh.slug}/reply/").content.decode()


def test_reply_page_of_an_unpublished_qa_is_404(visitor, qa, moderator):
    from questions import services

    services.question_withdraw(question_id=qa.pk, actor=moderator, note="outdated")
    assert visitor.get(f"/questions/{qa.slug}/reply/").status_code == 404
    assert visitor.get(f"/questions/{qa.slug}/reply/sent/").status_code == 404


def test_only_moderators_and_superusers_moderate(
    qa, expert, moderator, superuser, staff_without_role
):
    comment = CommentFactory(question=qa, status=Comment.Status.PENDING, body="Waiting words")
    # Clinicians see approved comments (to reply to them), never the queue.
    queue = client_for(expert).get("/admin/questions/comment/?status__exact=pending")
    assert queue.status_code == 200
    assert "Waiting words" not in queue.content.decode()
    for user in [expert, staff_without_role]:
        client = client_for(user)
        if user is staff_without_role:
            assert client.get("/admin/questions/comment/?status__exact=pending").status_code == 403
        client.post(
            "/admin/questions/comment/", {"action": "approve", "_selected_action": [comment.pk]}
        )
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING
    for user in [moderator, superuser]:
        assert (
            client_for(user).get("/admin/questions/comment/?status__exact=pending").status_code
            == 200
        )


def test_moderation_queue_is_newest_first_and_shows_the_qa(qa, moderator):
    now = timezone.now()
    CommentFactory(
        question=qa,
        body="Older pending",
        status="pending",
        created_at=now - datetime.timedelta(days=1),
    )
    CommentFactory(question=qa, body="Newer pending", status="pending", created_at=now)
    CommentFactory(question=qa, body="Already approved")
    client = client_for(moderator)
    assert client.get("/admin/questions/comment/")["Location"].endswith("?status__exact=pending")
    html = client.get("/admin/questions/comment/?status__exact=pending").content.decode()
    assert html.index("Newer pending") < html.index("Older pending")
    assert "Already approved" not in html
    assert qa.title in html


def test_spam_and_reject_in_bulk_and_one_by_one(qa, moderator, visitor):
    spam = CommentFactory.create_batch(2, question=qa, status="pending", body="Buy cheap pills")
    client = client_for(moderator)
    client.post(
        "/admin/questions/comment/",
        {"action": "mark_spam", "_selected_action": [c.pk for c in spam]},
    )
    assert set(Comment.objects.values_list("status", flat=True)) == {"spam"}
    single = CommentFactory(question=qa, status="approved", body="Remove me later")
    client.post(f"/admin/questions/comment/{single.pk}/moderate/", {"decision": "rejected"})
    single.refresh_from_db()
    assert single.status == "rejected" and single.moderated_by == moderator
    page = visitor.get(qa.get_absolute_url()).content.decode()
    assert "Buy cheap pills" not in page and "Remove me later" not in page


def test_moderators_get_a_digest_when_comments_wait(qa, settings, mailoutbox):
    settings.MODERATOR_EMAILS = ["mods@clinic.example"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    CommentFactory.create_batch(3, question=qa, status="pending")
    call_command("notify_pending_comments", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.subject for m in mailoutbox] == ["3 comments waiting for approval"]
    assert "theodora" not in mailoutbox[0].body.lower()
    # Run again in the same hour (cron on a second app server): no second reminder.
    out = io.StringIO()
    call_command("notify_pending_comments", stdout=out)
    call_command("send_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mailoutbox) == 1
    assert "reminded this hour already" in out.getvalue()


def test_each_pending_comment_has_its_own_approve_and_reject_buttons_in_the_list(
    qa, moderator, visitor
):
    comment = CommentFactory(question=qa, status="pending", body="A kind word")
    client = client_for(moderator)
    html = client.get("/admin/questions/comment/?status__exact=pending").content.decode()
    moderate = f"/admin/questions/comment/{comment.pk}/moderate/"
    assert f'formaction="{moderate}" name="decision" value="approved"' in html
    assert f'formaction="{moderate}" name="decision" value="rejected"' in html

    response = client.post(moderate, {"decision": "approved"}, follow=True)
    assert f"Comment {comment.pk} approved." in response.content.decode()
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == ("approved", moderator)
    assert "A kind word" in visitor.get(qa.get_absolute_url()).content.decode()


def test_the_comment_page_decides_with_two_buttons_not_a_status_dropdown(qa, moderator):
    comment = CommentFactory(question=qa, status="pending", body="A kind word")
    client = client_for(moderator)
    html = client.get(f"/admin/questions/comment/{comment.pk}/change/").content.decode()
    assert 'name="status"' not in html
    moderate = f"/admin/questions/comment/{comment.pk}/moderate/"
    assert f'formaction="{moderate}" name="decision" value="approved"' in html
    assert f'formaction="{moderate}" name="decision" value="rejected"' in html

    client.post(moderate, {"decision": "rejected"})
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == ("rejected", moderator)


def test_moderating_a_comment_needs_the_permission_and_a_real_decision(qa, moderator, expert):
    comment = CommentFactory(question=qa, status="pending")
    moderate = f"/admin/questions/comment/{comment.pk}/moderate/"
    assert client_for(expert).post(moderate, {"decision": "approved"}).status_code == 403
    assert client_for(moderator).get(moderate).status_code == 405
    response = client_for(moderator).post(moderate, {"decision": "pending"}, follow=True)
    assert "Choose Approve or Reject." in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == "pending"
