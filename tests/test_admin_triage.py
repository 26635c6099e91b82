"""Triage in the admin: urgent questions first, declining with care, one way to
assign, help with de-identification, and buttons that never lose what was typed."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from core.models import OutgoingEmail
from questions import services
from questions.models import Question, Transition
from tests.conftest import client_for
from tests.factories import ExpertProfileFactory, QuestionFactory, publish
from tests.forms import change_url, question_change_form

pytestmark = pytest.mark.django_db
S = Question.Status
RED_FLAG_TEXT = "Since this morning I suddenly cannot see out of my left eye. Is it my MS?"


def submit(subject: str, text: str, **extra) -> tuple[Question, str]:
    fields = {
        "category": None,
        "name": "Rosalind Privatename",
        "email": "rosalind.private@patient.test",
        "notify": True,
        "client_address": "",
        "form_token": f"{subject}-{text}",
        **extra,
    }
    return services.question_submit(subject=subject, text=text, **fields)


# --- 1. red flags --------------------------------------------------------------


def test_a_red_flag_question_is_marked_urgent_and_listed_first(moderator):
    calm, _ = submit("Diet and MS", "Does a low-salt diet help?")
    urgent, _ = submit("My eye", RED_FLAG_TEXT)
    assert Question.objects.get(pk=urgent.pk).urgent is True
    assert Question.objects.get(pk=calm.pk).urgent is False

    client = client_for(moderator)
    listing = client.get("/admin/questions/question/").content.decode()
    assert listing.index("My eye") < listing.index("Diet and MS")
    assert listing.count('<strong class="badge-urgent">Urgent: red-flag words</strong>') == 1
    page = client.get(change_url(urgent)).content.decode()
    assert '<strong class="badge-urgent">Urgent: red-flag words</strong>' in page
    assert "badge-urgent" not in client.get(change_url(calm)).content.decode()


def test_the_moderators_email_says_urgent_for_a_red_flag_question(settings):
    settings.MODERATOR_EMAILS = ["mods@clinic.example"]
    urgent, _ = submit("My eye", RED_FLAG_TEXT)
    calm, _ = submit("Diet and MS", "Does a low-salt diet help?")
    subjects = list(
        OutgoingEmail.objects.filter(to="mods@clinic.example").values_list("subject", flat=True)
    )
    assert subjects == [
        f"Urgent (red-flag words): New question waiting for triage (#{urgent.pk})",
        f"New question waiting for triage (#{calm.pk})",
    ]


def test_questions_stored_before_the_flag_existed_are_backfilled():
    urgent, _calm = QuestionFactory(), QuestionFactory()
    urgent.submission.original_text = "I have had chest pain since the infusion."
    urgent.submission.save()
    Question.objects.update(urgent=False)
    migration = importlib.import_module("questions.migrations.0006_backfill_urgent_questions")
    migration.backfill(apps, None)
    assert set(Question.objects.filter(urgent=True)) == {urgent}


# --- 2. declining ----------------------------------------------------------------


def test_the_decline_reason_has_no_default(moderator):
    page = client_for(moderator).get(change_url(QuestionFactory())).content.decode()
    assert '<option value="" selected>Choose…</option>' in page
    assert '<option value="spam" selected>' not in page


def test_decline_without_a_reason_is_refused_on_the_same_page(moderator):
    question = QuestionFactory()
    response = client_for(moderator).post(
        change_url(question), question_change_form(question, _transition="reject")
    )
    assert response.status_code == 200
    assert "Choose why the question is declined." in response.content.decode()
    question.refresh_from_db()
    assert question.status == S.NEW


def test_decline_asks_for_confirmation_first_then_declines(moderator):
    question = QuestionFactory()
    client = client_for(moderator)
    form = question_change_form(
        question,
        _transition="reject",
        transition_reason="out_of_scope",
        transition_note="Ask your neurologist about your own scan.",
    )
    confirm = client.post(change_url(question), form)
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Decline this question as <strong>Out of scope for this service</strong>?" in html
    assert "The patient will be told by email" in html
    assert "Confirm: decline" in html and "Go back" in html
    question.refresh_from_db()
    assert question.status == S.NEW

    client.post(change_url(question), {**form, "_confirmed": "1"})
    question.refresh_from_db()
    assert (question.status, question.reject_reason) == (S.REJECTED, "out_of_scope")
    assert question.reject_note == "Ask your neurologist about your own scan."


def test_going_back_from_the_confirmation_keeps_the_edits_and_saves_nothing(moderator):
    question = QuestionFactory()
    form = question_change_form(
        question,
        title="An edited public title",
        _transition="reject",
        transition_reason="out_of_scope",
        _confirmed="1",
        _back="1",
    )
    response = client_for(moderator).post(change_url(question), form)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="An edited public title"' in html
    assert "Not declined. Nothing is saved yet." in html
    question.refresh_from_db()
    assert question.status == S.NEW and question.title != "An edited public title"


def test_declining_as_a_duplicate_needs_the_published_qa(moderator):
    question = QuestionFactory()
    response = client_for(moderator).post(
        change_url(question),
        question_change_form(question, _transition="reject", transition_reason="duplicate"),
    )
    assert "Choose the question or published Q&amp;A that this question duplicates." in (
        response.content.decode()
    )
    question.refresh_from_db()
    assert question.status == S.NEW


def test_the_patient_reads_why_and_gets_the_link_to_the_duplicate(moderator, visitor, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    answered = publish(QuestionFactory(title="Vaccines on ocrelizumab"))
    question, token = submit("Flu jab?", "Can I have a flu jab on Ocrevus?")
    client = client_for(moderator)
    form = question_change_form(
        question,
        _transition="reject",
        transition_reason="duplicate",
        transition_duplicate_of=answered.pk,
        _confirmed="1",
    )
    client.post(change_url(question), form)
    question.refresh_from_db()
    assert (question.status, question.duplicate_of) == (S.REJECTED, answered)

    status = visitor.get(f"/ask/status/{token}/").content.decode()
    assert "Duplicate of an answered question" in status
    assert f'<a href="{answered.get_absolute_url()}">Vaccines on ocrelizumab</a>' in status
    declined = OutgoingEmail.objects.get(subject="About the question you sent us")
    assert settings.SITE_URL + answered.get_absolute_url() in declined.body


def test_a_question_is_declined_as_a_duplicate_of_one_still_being_answered(
    moderator, expert, visitor
):
    """Two patients ask alike on the same day: the second is declined as a
    duplicate of the first, and reads its answer once that is published."""
    first, _ = submit("Flu jab on Ocrevus?", "Can I have the flu jab while on Ocrevus infusions?")
    second, token = submit("Flu jab and Ocrevus", "Is the flu jab safe on Ocrevus infusions?")
    page = client_for(moderator).get(change_url(second)).content.decode()
    suggestions = page[page.index("Possible duplicates") : page.index("Next step")]
    listed = suggestions.index(f"/admin/questions/question/{first.pk}/change/")
    offered = page.index(f'value="{first.pk}"', page.index("Next step"))
    assert listed < offered, "the choice is offered under Next step, in the list's order"
    client_for(moderator).post(
        change_url(second),
        question_change_form(
            second,
            _transition="reject",
            transition_reason="duplicate",
            transition_duplicate_of=first.pk,
            _confirmed="1",
        ),
    )
    second.refresh_from_db()
    assert (second.status, second.duplicate_of) == (S.REJECTED, first)
    status = visitor.get(f"/ask/status/{token}/").content.decode()
    assert "Our clinicians are already answering a question like yours." in status
    declined = OutgoingEmail.objects.get(subject="About the question you sent us")
    assert "already answering a question like yours" in declined.body

    publish(first)
    status = visitor.get(f"/ask/status/{token}/").content.decode()
    assert f'<a href="{first.get_absolute_url()}">' in status


def test_a_question_cannot_be_declined_as_a_duplicate_of_itself_or_of_a_declined_one(moderator):
    question, _ = submit("Heat and MS", "Why does heat make my legs weak?")
    other, _ = submit("Cheap pills", "Buy now")
    services.question_reject(question_id=other.pk, actor=moderator, reason="spam")
    for target in (question, other):
        with pytest.raises(services.TransitionNotAllowed, match="must point to a published Q&A"):
            services.question_reject(
                question_id=question.pk, actor=moderator, reason="duplicate", duplicate_of=target
            )


def test_the_status_page_says_nothing_specific_about_spam(moderator, visitor):
    question, token = submit("Cheap pills", "Buy now at my shop")
    services.question_reject(
        question_id=question.pk, actor=moderator, reason="spam", note="Automated junk"
    )
    status = visitor.get(f"/ask/status/{token}/").content.decode()
    assert "we cannot answer this question here" in status
    assert "Spam" not in status and "Reason:" not in status and "Automated junk" not in status


def test_a_moderator_reopens_a_declined_question_with_a_button(moderator):
    question = QuestionFactory()
    services.question_reject(question_id=question.pk, actor=moderator, reason="out_of_scope")
    client = client_for(moderator)
    page = client.get(change_url(question)).content.decode()
    assert 'name="_transition" value="reopen"' in page
    client.post(change_url(question), question_change_form(question, _transition="reopen"))
    question.refresh_from_db()
    assert (question.status, question.reject_reason) == (S.NEW, "")
    assert "<p>Reopened</p>" in client.get(change_url(question)).content.decode()


# --- 3. one way to assign --------------------------------------------------------


def test_the_expert_is_shown_read_only_and_assigned_only_by_the_button(moderator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    question = QuestionFactory()
    clinician = ExpertProfileFactory(display_name="Kim Clinician, MD")
    client = client_for(moderator)
    page = client.get(change_url(question)).content.decode()
    assert 'name="expert"' not in page

    client.post(change_url(question), question_change_form(question, expert=clinician.pk))
    question.refresh_from_db()
    assert question.expert is None and question.status == S.NEW

    client.post(
        change_url(question),
        question_change_form(question, _transition="assign", transition_expert=clinician.pk),
    )
    question.refresh_from_db()
    assert (question.expert, question.status) == (clinician, S.ASSIGNED)
    assert OutgoingEmail.objects.filter(to=clinician.user.email).exists()


# --- 4. de-identification ---------------------------------------------------------


def test_the_triage_page_marks_what_may_identify_the_patient(moderator):
    question, _ = submit(
        "Rosalind from Springfield",
        "Hi, I am Rosalind. Call me on 555-201-3344. I am 34 and started Ocrevus in May.",
    )
    page = client_for(moderator).get(change_url(question)).content.decode()
    for marked, kind in [
        ("Rosalind", "name"),
        ("Springfield", "place"),
        ("555-201-3344", "phone"),
        ("I am 34", "age"),
    ]:
        assert f'{marked}<span class="deid-kind"> ({kind})</span></mark>' in page
    assert "Highlighted: what may identify the patient" in page


def test_sending_for_sign_off_is_refused_while_the_public_text_names_the_patient(moderator, expert):
    question = QuestionFactory(title="Rosalind asks about fatigue")
    with pytest.raises(services.TransitionNotAllowed, match="the patient's name or email"):
        services.question_assign(
            question_id=question.pk, actor=moderator, expert=expert.expert_profile
        )
    Question.objects.filter(pk=question.pk).update(title="Fatigue")
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    Question.objects.filter(pk=question.pk).update(title="Rosalind asks about fatigue")
    with pytest.raises(services.TransitionNotAllowed, match="the patient's name or email"):
        services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    Question.objects.filter(pk=question.pk).update(
        title="Fatigue", body="Write to rosalind.private@patient.test please"
    )
    with pytest.raises(services.TransitionNotAllowed, match="the patient's name or email"):
        services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    Question.objects.filter(pk=question.pk).update(
        body="What helps?", answer_source="Dear Rosalind Privatename, rest helps."
    )
    with pytest.raises(services.TransitionNotAllowed, match="the patient's name or email"):
        services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    Question.objects.filter(pk=question.pk).update(
        body="What helps with fatigue?", answer_source="Rest helps."
    )
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)


# --- 5. the buttons save what is typed --------------------------------------------


@pytest.fixture
def assigned(moderator, expert) -> Question:
    question = QuestionFactory(answer_source="")
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    return Question.objects.get(pk=question.pk)


def test_send_for_sign_off_saves_the_typed_answer_in_the_same_step(expert, assigned):
    response = client_for(expert).post(
        change_url(assigned),
        question_change_form(
            assigned, answer_source="Rest helps.", _transition="submit_for_signoff"
        ),
        follow=True,
    )
    assert "Done: send for sign-off." in response.content.decode()
    assigned.refresh_from_db()
    assert (assigned.status, assigned.answer_source) == (S.AWAITING_SIGNOFF, "Rest helps.")


def test_a_refused_move_keeps_everything_typed_and_saves_nothing(expert, assigned):
    response = client_for(expert).post(
        change_url(assigned),
        question_change_form(
            assigned,
            title="Rosalind asks about rest",
            answer_source="A long answer I typed carefully.",
            _transition="submit_for_signoff",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "still contains the patient&#x27;s name or email" in html
    assert "A long answer I typed carefully.</textarea>" in html
    assert 'value="Rosalind asks about rest"' in html
    assigned.refresh_from_db()
    assert (assigned.status, assigned.answer_source) == (S.ASSIGNED, "")
    assert not Transition.objects.filter(question=assigned, action="submit_for_signoff").exists()


def test_an_invalid_form_with_a_move_keeps_the_typed_answer(moderator):
    question = QuestionFactory()
    response = client_for(moderator).post(
        change_url(question),
        question_change_form(
            question, title="", answer_source="Typed, not lost.", _transition="assign"
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Typed, not lost.</textarea>" in html
    assert "Choose the expert who will answer." in html
    question.refresh_from_db()
    assert question.status == S.NEW


# --- 6. labels and words -----------------------------------------------------------


def test_the_next_step_controls_have_labels_that_name_them(moderator):
    page = client_for(moderator).get(change_url(QuestionFactory())).content.decode()
    for field in ["transition_expert", "transition_reason", "transition_note"]:
        assert f'for="id_{field}"' in page and f'id="id_{field}"' in page
