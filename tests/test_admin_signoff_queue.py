"""What a busy clinician meets around sign-off: the dashboard counts what they
can sign (not what they wrote), a plain Save never drops a chosen next step,
and nobody signs text that changed after it was sent for sign-off."""

from __future__ import annotations

import pytest

from questions import services
from questions.models import OutgoingEmail, Question
from tests.conftest import client_for
from tests.factories import QuestionFactory
from tests.forms import question_change_form, transition_form

S = Question.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(moderator, expert):
    """An answer `expert` wrote and sent for sign-off."""
    question = QuestionFactory(title="Heat and weak legs", answer_source="Heat slows signals.")
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    question.refresh_from_db()
    return question


def test_the_dashboard_counts_for_the_signer_what_waits_for_them_and_for_the_author_what_waits(
    waiting, expert, colleague
):
    signer = client_for(colleague).get("/admin/").content.decode()
    assert "<strong>1</strong> waiting for your sign-off" in signer
    author = client_for(expert).get("/admin/").content.decode()
    assert "<strong>0</strong> waiting for your sign-off" in author
    assert "<strong>1</strong> of your answers waiting for a second signer" in author
    listing = client_for(colleague).get("/admin/questions/question/?signoff=for_me")
    assert "Heat and weak legs" in listing.content.decode()
    assert "Heat and weak legs" not in (
        client_for(expert).get("/admin/questions/question/?signoff=for_me").content.decode()
    )


def test_the_moderator_sees_the_urgent_questions_counted_first(moderator):
    QuestionFactory(urgent=True)
    QuestionFactory()
    html = client_for(moderator).get("/admin/").content.decode()
    assert "<strong>1</strong> urgent (red-flag words), to triage first" in html
    assert html.index("urgent (red-flag") < html.index("new, to triage")


def test_a_plain_save_with_an_expert_chosen_is_refused_and_keeps_the_choice(moderator, expert):
    question = QuestionFactory(title="Before")
    response = client_for(moderator).post(
        f"/admin/questions/question/{question.pk}/change/",
        question_change_form(
            question,
            title="After",
            transition_expert=expert.expert_profile.pk,
            transition_note="Please answer this week.",
            _continue="Save and continue editing",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "You filled in the “Next step” part but pressed Save" in html
    assert "Please answer this week." in html and 'value="After"' in html
    question.refresh_from_db()
    assert (question.title, question.status, question.expert) == ("Before", S.NEW, None)


def test_a_colleague_cannot_sign_text_they_changed_after_it_was_sent(waiting, colleague):
    url = f"/admin/questions/question/{waiting.pk}/change/"
    edited = "Heat slows signals. A reviewer's own addition."
    response = client_for(colleague).post(
        url, transition_form(waiting, "sign_off", answer_source=edited)
    )
    assert "The text was changed after it was sent for sign-off" in response.content.decode()
    waiting.refresh_from_db()
    assert (waiting.status, waiting.answer_source) == (S.AWAITING_SIGNOFF, "Heat slows signals.")
    # Saved first and signed with a second click: refused all the same.
    client_for(colleague).post(url, question_change_form(waiting, answer_source=edited))
    waiting.refresh_from_db()
    response = client_for(colleague).post(url, transition_form(waiting, "sign_off"))
    assert "The text was changed after it was sent for sign-off" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == S.AWAITING_SIGNOFF


def test_the_clinicians_emails_about_an_urgent_question_say_urgent(moderator, expert, colleague):
    question = QuestionFactory(urgent=True, answer_source="Call your care team today.")
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    subjects = dict(OutgoingEmail.objects.values_list("to", "subject"))
    assert subjects[expert.email] == (
        f"Urgent (red-flag words): A question was assigned to you (#{question.pk})"
    )
    assert subjects[colleague.email] == (
        f"Urgent (red-flag words): An answer waits for your sign-off (#{question.pk})"
    )


def test_a_refused_step_is_explained_at_the_top_with_a_link_to_its_field(moderator):
    question = QuestionFactory()
    response = client_for(moderator).post(
        f"/admin/questions/question/{question.pk}/change/", transition_form(question, "assign")
    )
    html = response.content.decode()
    top = html.index("The next step was not made and nothing is saved yet")
    assert top < html.index('id="id_title"'), "above the fields, where the eye starts"
    assert '<a href="#id_transition_expert">Choose the expert who will answer.</a>' in html


def test_the_history_speaks_of_statuses_in_words(moderator, expert):
    question = QuestionFactory()
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    html = client_for(moderator).get(f"/admin/questions/question/{question.pk}/change/")
    text = html.content.decode()
    assert "Assigned to an expert: New → Assigned" in text
    assert "awaiting_signoff" not in text and "new → assigned" not in text


def test_a_clinician_cannot_sign_their_own_edit_of_a_published_answer(
    waiting, moderator, colleague
):
    services.question_sign_off(question_id=waiting.pk, actor=colleague)
    services.question_publish(question_id=waiting.pk, actor=moderator)
    waiting.refresh_from_db()
    url = f"/admin/questions/question/{waiting.pk}/change/"
    edited = "Heat slows signals. The signer's own unreviewed addition."
    response = client_for(colleague).post(
        url, transition_form(waiting, "sign_off", answer_source=edited)
    )
    assert "A second clinician must sign this answer" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.answer_source == "Heat slows signals."
    assert waiting.published_answer.body_html == "<p>Heat slows signals.</p>"
