"""The review cycle: every published Q&A shows who last checked it and when it
is next due; a clinician re-attests it unchanged or sends it for changes."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from questions import services
from questions.models import Answer, Question, Review, Transition
from tests.conftest import json_ld
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNED_ON = datetime.datetime(2024, 3, 14, 10, 30, tzinfo=datetime.UTC)


def published_by(expert, colleague, *, signed_at=SIGNED_ON) -> Question:
    """Written by `colleague`, signed by `expert` at `signed_at`, published."""
    question = QuestionFactory(title="Is Ocrevus safe while breastfeeding?")
    Question.objects.filter(pk=question.pk).update(
        status=Question.Status.ASSIGNED, expert=colleague.expert_profile
    )  # as triage leaves it
    services.question_submit_for_signoff(question_id=question.pk, actor=colleague)
    answer = services.question_sign_off(question_id=question.pk, actor=expert)
    Answer.objects.filter(pk=answer.pk).update(signed_at=signed_at)
    services.question_publish(question_id=question.pk, actor=expert)
    Question.objects.filter(pk=question.pk).update(published_at=signed_at)
    return Question.objects.get(pk=question.pk)


def named(expert, name: str):
    expert.expert_profile.display_name = name
    expert.expert_profile.save()
    return expert


# -- the first sign-off is the first review ----------------------------------------


def test_a_published_answer_shows_who_reviewed_it_and_when_the_next_review_is_due(
    expert, colleague, visitor
):
    named(expert, "Maria Alvarez, MD")
    question = published_by(expert, colleague)
    html = visitor.get(question.get_absolute_url()).content.decode()
    line = re.sub(
        r"\s+",
        " ",
        re.sub(r"<[^>]+>", "", html.split('class="qa-meta review-line">')[1].split("</p>")[0]),
    )
    assert line == "Reviewed by Maria Alvarez, MD on March 14, 2024 · Next review due March 2027"
    assert "due for review" not in html


def test_the_review_date_counts_qa_review_months_from_the_sign_off(expert, colleague, settings):
    settings.QA_REVIEW_MONTHS = 6
    question = published_by(expert, colleague)
    assert question.review_due == datetime.date(2024, 9, 14)


# -- still accurate ------------------------------------------------------------------


def test_still_accurate_re_attests_the_unchanged_text_with_its_own_hash_and_an_audit_row(
    expert, colleague
):
    question = published_by(expert, colleague)
    answers_before = Answer.objects.filter(question=question).count()
    review = services.question_reattest(question_id=question.pk, actor=colleague, note="Checked")
    assert review.signer == colleague.expert_profile
    assert review.answer_id == question.published_answer_id
    assert review.signature_block == (
        f"{colleague.expert_profile.display_name}\n"
        "MD, PhD\nProfessor of Neurology\nDirector, MS Program\nVirtual MS Center"
    )
    assert len(review.sha256) == 64
    assert review.sha256 == question.published_answer.sha256  # the same text, hashed again
    assert Answer.objects.filter(question=question).count() == answers_before  # no new version
    last = Transition.objects.filter(question=question).last()
    assert (last.action, last.from_status, last.to_status, last.actor, last.note) == (
        "re_attest",
        "published",
        "published",
        colleague,
        "Checked",
    )
    assert str(last) == "Reviewed: still accurate (re-attested): Published → Published"


def test_after_still_accurate_the_page_shows_the_new_review_date_and_no_updated_date(
    expert, colleague, visitor
):
    named(colleague, "Daniel Okafor, MD")
    question = published_by(expert, colleague)
    services.question_reattest(question_id=question.pk, actor=colleague)
    html = visitor.get(question.get_absolute_url()).content.decode()
    today = timezone.localdate()
    assert (
        f'Reviewed by <strong>Daniel Okafor, MD</strong> on <time datetime="{today:%Y-%m-%d}">'
        in html
    )
    assert f'Next review due <time datetime="{today.year + 3}-{today:%m}">' in html
    assert "Updated" not in html
    data = json_ld(html)
    assert data["lastReviewed"] == f"{today:%Y-%m-%d}"
    assert data["reviewedBy"] == {"@type": "Person", "name": "Daniel Okafor, MD"}


def test_still_accurate_is_refused_while_the_draft_has_unsigned_changes(expert, colleague):
    question = published_by(expert, colleague)
    question.answer_source += "\n\nA new paragraph."
    question.save()
    with pytest.raises(services.TransitionNotAllowed, match="changes that are not signed"):
        services.question_reattest(question_id=question.pk, actor=colleague)
    assert not Review.objects.exists()


def test_only_clinicians_may_find_an_answer_still_accurate(expert, colleague, moderator):
    question = published_by(expert, colleague)
    with pytest.raises(PermissionDenied):
        services.question_reattest(question_id=question.pk, actor=moderator)
    boss = UserFactory(username="admin-without-profile", is_staff=True, is_superuser=True)
    with pytest.raises(PermissionDenied, match="expert profile"):
        services.question_reattest(question_id=question.pk, actor=boss)
    assert not Review.objects.exists()
    assert not Transition.objects.filter(action="re_attest").exists()


def test_a_review_is_never_changed_once_signed(expert, colleague):
    question = published_by(expert, colleague)
    review = services.question_reattest(question_id=question.pk, actor=colleague)
    review.sha256 = "0" * 64
    with pytest.raises(ValueError, match="never changed"):
        review.save()


# -- needs changes ---------------------------------------------------------------------


def test_needs_changes_keeps_the_page_then_edit_and_a_colleagues_sign_off_show_updated(
    expert, colleague, visitor
):
    question = published_by(expert, colleague)
    services.question_review_needs_changes(
        question_id=question.pk, actor=colleague, note="The dosing advice changed"
    )
    question.refresh_from_db()
    assert question.status == "published"
    assert question.review_assignee == colleague.expert_profile
    assert question.review_due == datetime.date(2027, 3, 14)  # still due until re-signed
    assert "Updated" not in visitor.get(question.get_absolute_url()).content.decode()
    last = Transition.objects.filter(question=question).last()
    assert (last.action, last.note) == ("review_changes", "The dosing advice changed")

    question.answer_source = "The advice is new now.\n\nAsk your team about it."
    services.question_save_draft(question=question, actor=colleague, fields=["answer_source"])
    services.question_submit_for_signoff(question_id=question.pk, actor=colleague)
    services.question_sign_off(question_id=question.pk, actor=expert)
    html = visitor.get(question.get_absolute_url()).content.decode()
    today = timezone.localdate()
    assert "<strong>Updated <time" in html
    assert "The advice is new now." in html
    assert f'on <time datetime="{today:%Y-%m-%d}">' in html
    question.refresh_from_db()
    assert question.review_assignee is None
    assert question.review_due == today.replace(year=today.year + 3)


def test_needs_changes_requires_a_note(expert, colleague):
    question = published_by(expert, colleague)
    with pytest.raises(services.TransitionNotAllowed, match="Say what needs to change"):
        services.question_review_needs_changes(question_id=question.pk, actor=colleague, note=" ")


# -- overdue -----------------------------------------------------------------------------


def test_an_overdue_answer_tells_readers_calmly_that_it_is_due_for_review(
    expert, colleague, visitor
):
    question = published_by(expert, colleague)
    Question.objects.filter(pk=question.pk).update(
        review_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    html = visitor.get(question.get_absolute_url()).content.decode()
    notice = (
        "This answer is due for review. Treatments may have changed since it was last "
        "checked, so please talk it over with your MS team before you act on it."
    )
    assert notice in html
    # Told before the answer, not after a reader has acted on it.
    assert html.index(notice) < html.index("Here is my question:") < html.index("Reviewed by")


def test_an_answer_falling_due_overnight_shows_it_without_any_change_being_published(
    expert, colleague, visitor, monkeypatch
):
    question = published_by(expert, colleague)
    today = timezone.localdate()
    Question.objects.filter(pk=question.pk).update(review_due=today + datetime.timedelta(days=1))
    url = question.get_absolute_url()
    assert "due for review" not in visitor.get(url).content.decode()  # now cached
    real_localdate = timezone.localdate

    def tomorrow(value=None, timezone=None):
        if value is not None:
            return real_localdate(value, timezone)
        return real_localdate() + datetime.timedelta(days=1)

    monkeypatch.setattr("django.utils.timezone.localdate", tomorrow)
    assert "This answer is due for review." in visitor.get(url).content.decode()


def test_a_withdrawn_answer_leaves_the_review_queue(expert, colleague):
    from questions.selectors import reviews_due

    question = published_by(expert, colleague)
    Question.objects.filter(pk=question.pk).update(review_due=timezone.localdate())
    assert Question.objects.filter(reviews_due()).count() == 1
    services.question_withdraw(question_id=question.pk, actor=expert, note="Out of date")
    assert Question.objects.filter(reviews_due()).count() == 0


def test_a_clinicians_later_rename_does_not_change_the_name_on_a_past_review(
    expert, colleague, visitor
):
    named(expert, "Maria Alvarez, MD")
    question = published_by(expert, colleague)
    named(expert, "Maria Alvarez-Renamed, MD")
    html = visitor.get(question.get_absolute_url()).content.decode()
    assert "Reviewed by <strong>Maria Alvarez, MD</strong>" in html
    assert "Renamed" not in html


def test_pressing_still_accurate_twice_records_one_review(expert, colleague):
    question = published_by(expert, colleague)
    first = services.question_reattest(question_id=question.pk, actor=colleague)
    second = services.question_reattest(question_id=question.pk, actor=colleague)
    assert second.pk == first.pk
    assert Review.objects.filter(question=question).count() == 1
    assert Transition.objects.filter(question=question, action="re_attest").count() == 1
