"""Replying to a comment from the admin: the comment's page links to a reply
page; a mistake or a refusal shows the page again with the reply as typed."""

from __future__ import annotations

import pytest

from questions import services
from questions.models import Comment, CommentReply
from tests.conftest import client_for
from tests.factories import (
    CommentFactory,
    ExpertProfileFactory,
    PublishedQuestionFactory,
    form_values,
)

pytestmark = pytest.mark.django_db

TYPED = "Many people find a cooling vest helps.\nAsk your MS nurse which kind suits you."


@pytest.fixture
def comment(db):
    qa = PublishedQuestionFactory(title="Does heat make MS symptoms worse?")
    return CommentFactory(
        question=qa,
        body="Which cooling vest should I buy?",
        author_name="Ingrid Tollemache",
        author_email="ingrid.t@reader-private.test",
        notify_reply=True,
    )


def reply_url(comment: Comment) -> str:
    return f"/admin/questions/comment/{comment.pk}/reply/"


def test_a_clinician_replies_from_the_comments_page(clinician, comment, visitor):
    staff = client_for(clinician)
    change = staff.get(f"/admin/questions/comment/{comment.pk}/change/").content.decode()
    assert f'href="{reply_url(comment)}">Reply to this comment</a>' in change
    page = staff.get(reply_url(comment)).content.decode()
    assert "Which cooling vest should I buy?" in page
    assert "“Reply from Rosa Mendel, MD”" in page
    assert "The reader asked for one email when someone replies" in page

    response = staff.post(reply_url(comment), {"body": TYPED})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/questions/comment/{comment.pk}/change/"
    shown = staff.get(response["Location"]).content.decode()
    assert "Your reply is published under the comment." in shown
    assert "Reply from Rosa Mendel, MD" in shown  # the replies, on the comment's page
    public = visitor.get(comment.question.get_absolute_url()).content.decode()
    assert "Reply from Rosa Mendel, MD on" in public
    assert "Many people find a cooling vest helps.<br>Ask your MS nurse" in public
    history = staff.get(f"/admin/questions/comment/{comment.pk}/history/").content.decode()
    assert "Replied (reply #" in history


def test_a_moderator_replies_as_the_clinic_team(moderator, comment, visitor):
    staff = client_for(moderator)
    assert "“Reply from the clinic team”" in staff.get(reply_url(comment)).content.decode()
    staff.post(reply_url(comment), {"body": "Thank you for asking."})
    public = visitor.get(comment.question.get_absolute_url()).content.decode()
    assert "Reply from the clinic team" in public


def test_an_empty_reply_asks_for_text(clinician, comment):
    response = client_for(clinician).post(reply_url(comment), {"body": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Error: " in html and "Please write your reply." in html
    assert not CommentReply.objects.exists()


def test_a_too_long_reply_comes_back_as_typed(clinician, comment):
    typed = "A long reply. " * 250
    response = client_for(clinician).post(reply_url(comment), {"body": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your reply is too long. Please keep it to 3000 characters; it has 3499 now." in html
    assert form_values(html, action=reply_url(comment))["body"].strip() == typed.strip()
    assert not CommentReply.objects.exists()


def test_a_comment_rejected_while_the_reply_was_typed_keeps_the_reply_on_the_page(
    clinician, moderator, comment
):
    staff = client_for(clinician)
    staff.get(reply_url(comment))
    services.comment_moderate(comment_ids=[comment.pk], actor=moderator, status="rejected")
    response = client_for(moderator).post(reply_url(comment), {"body": TYPED})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only an approved comment can have a reply. Approve it first." in html
    assert not CommentReply.objects.exists()
    # The clinician no longer sees the comment at all.
    assert staff.post(reply_url(comment), {"body": TYPED}).status_code == 404


def test_a_reply_refused_by_the_service_keeps_the_text_typed(clinician, moderator, comment):
    services.question_withdraw(question_id=comment.question_id, actor=moderator, note="outdated")
    response = client_for(clinician).post(reply_url(comment), {"body": TYPED})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This Q&amp;A is not public now, so a reply would not be seen." in html
    assert form_values(html, action=reply_url(comment))["body"].strip() == TYPED
    assert not CommentReply.objects.exists()


def test_who_wrote_the_comment_is_for_moderators_only(clinician, moderator, comment):
    as_clinician = client_for(clinician).get(f"/admin/questions/comment/{comment.pk}/change/")
    html = as_clinician.content.decode()
    assert "Which cooling vest should I buy?" in html
    assert "Ingrid" not in html and "reader-private.test" not in html
    as_moderator = client_for(moderator).get(f"/admin/questions/comment/{comment.pk}/change/")
    html = as_moderator.content.decode()
    assert "Ingrid Tollemache, ingrid.t@reader-private.test" in html
    assert "(asked for one email when a clinician replies)" in html


def test_the_list_shows_clinicians_approved_comments_with_a_reply_link_and_no_address(
    clinician, moderator, comment
):
    CommentFactory(question=comment.question, status="pending", body="Waiting words")
    listing = client_for(clinician).get("/admin/questions/comment/?status__exact=approved")
    html = listing.content.decode()
    assert "Which cooling vest should I buy?" in html and "Waiting words" not in html
    assert f'href="{reply_url(comment)}" aria-label="Reply to comment {comment.pk}">Reply' in html
    assert "Approve comment" not in html and "Reject comment" not in html
    for user in (clinician, moderator):
        html = client_for(user).get("/admin/questions/comment/?status__exact=approved")
        assert "reader-private.test" not in html.content.decode()


def test_a_pending_comment_has_no_reply_form_for_a_moderator(moderator, comment):
    Comment.objects.filter(pk=comment.pk).update(status="pending")
    staff = client_for(moderator)
    html = staff.get(reply_url(comment)).content.decode()
    assert "Only an approved comment can have a reply. Approve it first." in html
    assert 'name="body"' not in html
    change = staff.get(f"/admin/questions/comment/{comment.pk}/change/").content.decode()
    assert "Reply to this comment" not in change


def test_staff_who_may_not_reply_are_refused(staff_without_role, comment):
    no_group = ExpertProfileFactory(user__username="no.group").user
    for user in (staff_without_role, no_group):
        assert client_for(user).post(reply_url(comment), {"body": TYPED}).status_code == 403
    assert not CommentReply.objects.exists()


def test_an_unknown_comment_is_a_404(clinician):
    assert client_for(clinician).get("/admin/questions/comment/999999/reply/").status_code == 404


def test_clinicians_find_the_comments_still_waiting_for_a_reply(clinician, comment):
    answered = CommentFactory(question=comment.question, body="A comment already answered.")
    services.comment_reply(comment_id=answered.pk, actor=clinician, body="Thank you.")
    staff = client_for(clinician)
    waiting = staff.get("/admin/questions/comment/?status__exact=approved&replied=no")
    html = waiting.content.decode()
    assert "Which cooling vest should I buy?" in html
    assert "A comment already answered." not in html
    replied = staff.get("/admin/questions/comment/?status__exact=approved&replied=yes")
    html = replied.content.decode()
    assert "A comment already answered." in html
    assert "Which cooling vest should I buy?" not in html
