"""What a busy clinician meets around sign-off: the dashboard counts what they
can sign (not what they wrote), a plain Save never drops a chosen next step,
and nobody signs text that changed after it was sent for sign-off."""

from __future__ import annotations

import pytest

from core.models import OutgoingEmail
from questions import services
from questions.models import Question
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


def test_a_colleague_cannot_sign_text_they_changed_after_it_was_sent(waiting, expert, colleague):
    url = f"/admin/questions/question/{waiting.pk}/change/"
    edited = "Heat slows signals. A reviewer's own addition."
    response = client_for(colleague).post(
        url, transition_form(waiting, "sign_off", answer_source=edited)
    )
    html = response.content.decode()
    assert "Not signed: you changed the text" in html
    assert "A reviewer&#x27;s own addition." in html, "the edit stays on the page"
    waiting.refresh_from_db()
    assert (waiting.status, waiting.answer_source) == (S.AWAITING_SIGNOFF, "Heat slows signals.")

    # Saved with a plain Save: the version is no longer the one sent, so it goes
    # back to be sent again, and the colleague may send it (answering for it).
    client_for(colleague).post(url, question_change_form(waiting, answer_source=edited))
    waiting.refresh_from_db()
    assert waiting.status == S.ASSIGNED
    response = client_for(colleague).post(url, transition_form(waiting, "sign_off"))
    assert response.status_code == 200
    client_for(colleague).post(url, transition_form(waiting, "submit_for_signoff"))
    waiting.refresh_from_db()
    assert waiting.status == S.AWAITING_SIGNOFF
    # Now the first clinician is the one who may sign, and the page says so.
    page = client_for(expert).get(url).content.decode()
    assert "It may be signed by: Dana Example" in page and "Sign off" in page
    client_for(expert).post(url, transition_form(waiting, "sign_off"))
    waiting.refresh_from_db()
    answer = waiting.answers.latest()
    assert (answer.sent_by, answer.signed_by) == (colleague, expert)
    assert answer.body_html == "<p>Heat slows signals. A reviewer's own addition.</p>"


def test_a_refused_sign_off_of_edited_text_offers_to_send_the_edits_at_once(
    waiting, expert, colleague
):
    url = f"/admin/questions/question/{waiting.pk}/change/"
    edited = "Heat slows signals. Cool down before you walk."
    refused = client_for(colleague).post(
        url, transition_form(waiting, "sign_off", answer_source=edited)
    )
    html = refused.content.decode()
    assert "press “Send for sign-off”" in html
    assert '<button type="submit" name="_transition" value="submit_for_signoff"' in html
    assert "Cool down before you walk." in html

    # Pressed on that page, with the edits still in it: saved and sent together.
    client_for(colleague).post(
        url, transition_form(waiting, "submit_for_signoff", answer_source=edited)
    )
    waiting.refresh_from_db()
    assert (waiting.status, waiting.answer_source) == (S.AWAITING_SIGNOFF, edited)
    assert waiting.answered_by == colleague
    page = client_for(expert).get(url).content.decode()
    assert "It may be signed by: Dana Example" in page


def test_a_plain_save_that_unsends_a_version_says_so(waiting, colleague):
    url = f"/admin/questions/question/{waiting.pk}/change/"
    response = client_for(colleague).post(
        url, question_change_form(waiting, answer_source="Heat slows signals. Rest."), follow=True
    )
    html = response.content.decode()
    assert "they change the version that was sent for sign-off" in html
    page = client_for(colleague).get(url).content.decode()
    assert '<button type="submit" name="_transition" value="submit_for_signoff"' in page
    # A save that changes nothing of the text says nothing of the kind.
    quiet = client_for(colleague).post(
        url, question_change_form(Question.objects.get(pk=waiting.pk)), follow=True
    )
    assert "they change the version that was sent" not in quiet.content.decode()


def test_a_save_refused_for_its_marked_words_does_not_say_the_edits_were_saved(waiting, moderator):
    url = f"/admin/questions/question/{waiting.pk}/change/"
    body = waiting.body
    edited = question_change_form(
        waiting,
        body=f"{body} I live in Springfield.",
        identifiers_removed="on",
        identifiers_fingerprint="marks seen before the edit",
    )
    response = client_for(moderator).post(url, edited, follow=True)
    html = response.content.decode()
    assert "I live in Springfield." in html  # refused, the edit still on the page
    assert "they change the version that was sent" not in html
    waiting.refresh_from_db()
    assert (waiting.status, waiting.body) == (S.AWAITING_SIGNOFF, body)


def test_the_second_clinician_signs_the_page_as_the_browser_sends_it(waiting, colleague):
    """A browser sends CRLF line ends; the stored text has LF. Same words, same version."""
    waiting.body = "Line one of the question.\nLine two."
    waiting.answer_source = "Heat slows signals.\n\n* Cool down first."
    waiting.save()
    services.question_request_changes(question_id=waiting.pk, actor=colleague, note="Redo.")
    services.question_submit_for_signoff(question_id=waiting.pk, actor=waiting.expert.user)
    waiting.refresh_from_db()
    as_sent_by_a_browser = transition_form(
        waiting,
        "sign_off",
        body=waiting.body.replace("\n", "\r\n") + "  ",
        answer_source=waiting.answer_source.replace("\n", "\r\n") + "\r\n",
    )
    client_for(colleague).post(
        f"/admin/questions/question/{waiting.pk}/change/", as_sent_by_a_browser
    )
    waiting.refresh_from_db()
    assert waiting.status == S.SIGNED_OFF
    assert waiting.answers.latest().signed_by == colleague


def test_an_author_cannot_sign_alone_after_a_colleague_and_a_moderator_edit(
    waiting, expert, colleague, moderator
):
    """The sequence that once let a clinician sign her own answer."""
    url = f"/admin/questions/question/{waiting.pk}/change/"
    services.question_request_changes(question_id=waiting.pk, actor=colleague, note="Shorter.")
    waiting.refresh_from_db()
    # The moderator edits the title; "Send for sign-off" is not theirs to press.
    page = client_for(moderator).get(url).content.decode()
    assert 'value="submit_for_signoff"' not in page
    response = client_for(moderator).post(
        url, transition_form(waiting, "submit_for_signoff", title="Heat, weak legs and MS")
    )
    assert "Only a clinician sends an answer for sign-off" in response.content.decode()
    client_for(moderator).post(url, question_change_form(waiting, title="Heat, weak legs and MS"))
    waiting.refresh_from_db()
    assert (waiting.title, waiting.status) == ("Heat, weak legs and MS", S.ASSIGNED)
    # The author sends it (answering for the moderator's title too) and cannot sign it.
    client_for(expert).post(url, transition_form(waiting, "submit_for_signoff"))
    waiting.refresh_from_db()
    assert waiting.status == S.AWAITING_SIGNOFF
    response = client_for(expert).post(url, transition_form(waiting, "sign_off"))
    assert (
        "You sent this version for sign-off, so a colleague signs it" in response.content.decode()
    )
    waiting.refresh_from_db()
    assert waiting.status == S.AWAITING_SIGNOFF
    client_for(colleague).post(url, transition_form(waiting, "sign_off"))
    waiting.refresh_from_db()
    assert waiting.status == S.SIGNED_OFF
    signed = waiting.answers.latest()
    assert (signed.sent_by, signed.signed_by, signed.question_title) == (
        expert,
        colleague,
        "Heat, weak legs and MS",
    )


def test_two_clinicians_who_edit_and_ask_for_changes_never_deadlock(waiting, expert, colleague):
    """B edits the question and asks for changes; A sends again; B signs. B is
    the one emailed, and the page names B as the one who may sign."""
    url = f"/admin/questions/question/{waiting.pk}/change/"
    client_for(colleague).post(
        url,
        transition_form(
            waiting,
            "request_changes",
            body="A clearer public question.",
            transition_note="I reworded the question; please check it.",
        ),
    )
    waiting.refresh_from_db()
    assert (waiting.status, waiting.body) == (S.ASSIGNED, "A clearer public question.")
    OutgoingEmail.objects.all().delete()
    client_for(expert).post(url, transition_form(waiting, "submit_for_signoff"))
    waiting.refresh_from_db()
    assert waiting.status == S.AWAITING_SIGNOFF
    emails = list(OutgoingEmail.objects.filter(subject__contains="waits for your sign-off"))
    assert [e.to for e in emails] == [colleague.email]
    assert f"{expert.expert_profile.display_name} sent it for sign-off" in emails[0].body
    listing = client_for(colleague).get("/admin/questions/question/?signoff=for_me")
    assert "Heat and weak legs" in listing.content.decode()
    page = client_for(colleague).get(url).content.decode()
    assert f"It may be signed by: {colleague.expert_profile.display_name}." in page
    client_for(colleague).post(url, transition_form(waiting, "sign_off"))
    waiting.refresh_from_db()
    assert waiting.status == S.SIGNED_OFF


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
    assert "Not signed: you changed the text" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.answer_source == "Heat slows signals."
    assert waiting.published_answer.body_html == "<p>Heat slows signals.</p>"
    # Saved, then sent by the same clinician: a colleague must sign it.
    client_for(colleague).post(url, question_change_form(waiting, answer_source=edited))
    waiting.refresh_from_db()
    client_for(colleague).post(url, transition_form(waiting, "submit_for_signoff"))
    waiting.refresh_from_db()
    response = client_for(colleague).post(url, transition_form(waiting, "sign_off"))
    assert "You sent this version for sign-off" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.published_answer.body_html == "<p>Heat slows signals.</p>"
