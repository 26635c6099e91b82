"""Clinicians reply to approved comments: who may, to which comments, how the
reply is recorded, and how it reads on the public Q&A page."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import PermissionDenied

from core.cache import content_changed
from questions import services
from questions.models import Comment, CommentReply, ExpertProfile
from tests.conftest import role
from tests.factories import (
    CommentFactory,
    ExpertProfileFactory,
    PublishedQuestionFactory,
    QuestionFactory,
    publish,
)

pytestmark = pytest.mark.django_db

REPLY = "Cooling vests help many people.\nAsk your MS nurse which kind suits you."


@pytest.fixture
def qa(db):
    return PublishedQuestionFactory(title="Does heat make MS symptoms worse?")


@pytest.fixture
def comment(qa):
    return CommentFactory(question=qa, body="Which cooling vest should I buy?")


def test_a_clinician_replies_in_their_own_name_and_the_reply_is_recorded(
    comment, clinician, caplog
):
    with caplog.at_level(logging.INFO, logger="mscenter.audit"):
        reply = services.comment_reply(comment_id=comment.pk, actor=clinician, body=REPLY)
    stored = CommentReply.objects.get()
    assert stored == reply
    assert (stored.comment, stored.author, stored.signed_as) == (
        comment,
        clinician,
        "Rosa Mendel, MD",
    )
    assert stored.expert == clinician.expert_profile
    assert stored.body == REPLY
    assert f"comment #{comment.pk}: reply #{reply.pk} by user #{clinician.pk}" in caplog.text


def test_a_moderator_without_a_signature_block_replies_as_the_clinic_team(comment, moderator):
    reply = services.comment_reply(comment_id=comment.pk, actor=moderator, body="Thank you!")
    assert (reply.signed_as, reply.expert) == ("", None)


def test_the_name_signed_stays_as_it_was_when_the_clinician_renames_themselves(
    comment, clinician, visitor
):
    services.comment_reply(comment_id=comment.pk, actor=clinician, body=REPLY)
    ExpertProfile.objects.filter(user=clinician).update(display_name="Rosa Mendel-Okoye, MD")
    page = visitor.get(comment.question.get_absolute_url()).content.decode()
    assert "Reply from Rosa Mendel, MD" in page


def test_only_a_clinician_with_a_profile_or_a_moderator_may_reply(comment, staff_without_role):
    no_profile = ExpertProfileFactory(user__username="no.groups").user  # a profile, no role
    expert_without_profile = type(staff_without_role).objects.create(
        username="expert.noprofile", is_staff=True
    )
    expert_without_profile.groups.add(role("Experts"))
    for user in [staff_without_role, no_profile, expert_without_profile]:
        with pytest.raises(PermissionDenied):
            services.comment_reply(comment_id=comment.pk, actor=user, body=REPLY)
    assert not CommentReply.objects.exists()


def test_a_clinician_who_left_the_clinic_cannot_reply(comment, clinician):
    clinician.is_active = False
    clinician.save()
    with pytest.raises(PermissionDenied):
        services.comment_reply(comment_id=comment.pk, actor=clinician, body=REPLY)


@pytest.mark.parametrize("status", ["pending", "rejected", "spam"])
def test_only_an_approved_comment_can_have_a_reply(qa, clinician, status):
    waiting = CommentFactory(question=qa, status=status)
    with pytest.raises(services.ReplyNotAllowed, match="Only an approved comment"):
        services.comment_reply(comment_id=waiting.pk, actor=clinician, body=REPLY)
    assert not CommentReply.objects.exists()


def test_no_reply_under_a_qa_that_is_no_longer_public(comment, clinician, moderator):
    services.question_withdraw(question_id=comment.question_id, actor=moderator, note="outdated")
    with pytest.raises(services.ReplyNotAllowed, match="not public"):
        services.comment_reply(comment_id=comment.pk, actor=clinician, body=REPLY)


def test_an_empty_reply_is_refused(comment, clinician):
    with pytest.raises(ValueError, match="needs some text"):
        services.comment_reply(comment_id=comment.pk, actor=clinician, body="  \n ")
    assert not CommentReply.objects.exists()


def test_the_same_reply_sent_twice_is_published_once(comment, clinician):
    first = services.comment_reply(comment_id=comment.pk, actor=clinician, body=REPLY)
    again = services.comment_reply(comment_id=comment.pk, actor=clinician, body=REPLY)
    assert again == first
    assert CommentReply.objects.count() == 1


# The public page.


def test_the_reply_shows_under_its_comment_with_the_name_and_the_general_information_line(
    comment, clinician, visitor
):
    other = CommentFactory(question=comment.question, body="A later comment, no reply.")
    services.comment_reply(comment_id=comment.pk, actor=clinician, body=REPLY)
    html = visitor.get(comment.question.get_absolute_url()).content.decode()
    comment_at = html.index("Which cooling vest should I buy?")
    reply_at = html.index("Reply from Rosa Mendel, MD")
    assert comment_at < reply_at < html.index(other.body)
    assert (
        "<p>Cooling vests help many people.<br>Ask your MS nurse which kind suits you.</p>" in html
    )
    assert "General information, not medical advice for you." in html
    assert html.count("General information, not medical advice for you.") == 1
    assert "2 Comments" in html  # a reply is not counted as a comment


def test_the_clinicians_name_links_to_their_page_once_they_have_one(comment, clinician, visitor):
    services.comment_reply(comment_id=comment.pk, actor=clinician, body=REPLY)
    url = comment.question.get_absolute_url()
    html = visitor.get(url).content.decode()
    # No signed public answer yet, so no page: a link would lead to "not found".
    assert "Reply from Rosa Mendel, MD on" in html
    assert "/experts/rosa-mendel-md/" not in html
    publish(QuestionFactory(title="Cooling and fatigue"), expert=clinician.expert_profile)
    content_changed()  # as every publication does
    html = visitor.get(url).content.decode()
    assert 'Reply from <a href="/experts/rosa-mendel-md/">Rosa Mendel, MD</a>' in html
    assert visitor.get("/experts/rosa-mendel-md/").status_code == 200


def test_a_moderators_reply_reads_as_from_the_clinic_team(comment, moderator, visitor):
    services.comment_reply(comment_id=comment.pk, actor=moderator, body="Thank you for asking.")
    html = visitor.get(comment.question.get_absolute_url()).content.decode()
    assert "Reply from the clinic team" in html and "Thank you for asking." in html


def test_a_reply_is_shown_as_plain_text_never_as_markup(comment, clinician, visitor):
    body = '<script>alert("x")</script> **bold** see https://www.nationalmssociety.org'
    services.comment_reply(comment_id=comment.pk, actor=clinician, body=body)
    html = visitor.get(comment.question.get_absolute_url()).content.decode()
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; **bold**" in html
    assert 'href="https://www.nationalmssociety.org" rel="nofollow ugc noopener noreferrer"' in html


def test_a_reply_shows_on_the_next_request_of_a_cached_page(
    comment, clinician, visitor, django_capture_on_commit_callbacks
):
    url = comment.question.get_absolute_url()
    assert "Reply from" not in visitor.get(url).content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_reply(comment_id=comment.pk, actor=clinician, body=REPLY)
    assert "Reply from Rosa Mendel, MD" in visitor.get(url).content.decode()


def test_replies_to_a_comment_later_rejected_leave_the_page_with_it(
    comment, clinician, moderator, visitor
):
    services.comment_reply(comment_id=comment.pk, actor=clinician, body=REPLY)
    services.comment_moderate(
        comment_ids=[comment.pk], actor=moderator, status=Comment.Status.REJECTED
    )
    html = visitor.get(comment.question.get_absolute_url()).content.decode()
    assert "Cooling vests help" not in html and "Reply from" not in html
