"""Only the people who need a patient's identity see it, and nothing that may
identify them moves on to sign-off unseen.

Moderators see who asked and the patient's own words; clinicians see the
de-identified public version only. Words in the public text that may identify
the patient (a town, a street, a year) are marked where the public text is
edited, and the question cannot be sent for sign-off until they are removed or
a moderator confirms that these very marks identify nobody.
"""

from __future__ import annotations

import pytest

from questions import services
from questions.models import Question, Transition
from tests.conftest import client_for
from tests.factories import QuestionFactory
from tests.forms import question_change_form, transition_form

pytestmark = pytest.mark.django_db
S = Question.Status
TOWN_BODY = "I live in Springfield and walk along 5th street. Since 2019 my legs are weak."


def url(question: Question) -> str:
    return f"/admin/questions/question/{question.pk}/change/"


def fingerprint_on_the_page(question: Question, moderator) -> str:
    """The marks' fingerprint the moderator's page carries with its checkbox."""
    page = client_for(moderator).get(url(question)).content.decode()
    assert 'name="identifiers_removed"' in page
    start = page.index('name="identifiers_fingerprint"')
    return page[start:].split('value="', 1)[1].split('"', 1)[0]


def confirm_as_on_the_page(question: Question, moderator) -> None:
    """The moderator ticks "Identifiers removed" for the marks they see, and saves."""
    fingerprint = fingerprint_on_the_page(question, moderator)
    client_for(moderator).post(
        url(question),
        question_change_form(
            question, identifiers_removed="on", identifiers_fingerprint=fingerprint
        ),
    )


@pytest.fixture
def assigned(moderator, expert) -> Question:
    """Assigned, then the public text gained a town, a street and a year."""
    question = QuestionFactory(title="Weak legs when walking", body="My legs are weak.")
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    Question.objects.filter(pk=question.pk).update(body=TOWN_BODY)
    return Question.objects.get(pk=question.pk)


def test_a_question_is_assigned_only_once_nothing_in_it_identifies_the_patient(moderator, expert):
    question = QuestionFactory(title="Weak legs when walking", body=TOWN_BODY)
    with pytest.raises(services.TransitionNotAllowed, match="“Springfield”"):
        services.question_assign(
            question_id=question.pk, actor=moderator, expert=expert.expert_profile
        )
    # Until it is assigned, a clinician cannot open it at all.
    response = client_for(expert).get(url(question))
    assert response.status_code == 302 and "Springfield" not in response.content.decode()
    assert "Weak legs" not in client_for(expert).get("/admin/questions/question/").content.decode()


def test_a_clinician_sees_the_public_version_but_not_who_asked(assigned, expert, moderator):
    submission = assigned.submission
    private = [submission.name, submission.email, submission.original_text[:30]]
    clinician_page = client_for(expert).get(url(assigned)).content.decode()
    for words in private:
        assert words not in clinician_page
    assert "Weak legs when walking" in clinician_page
    moderator_page = client_for(moderator).get(url(assigned)).content.decode()
    assert submission.name in moderator_page and submission.email in moderator_page
    assert "What the patient wrote" in moderator_page


def test_a_town_a_street_and_a_year_are_marked_in_the_public_text(assigned, expert):
    page = client_for(expert).get(url(assigned)).content.decode()
    marks = page[page.index("May still identify the patient") :]
    for words in ("Springfield", "5th street", "2019"):
        assert f">{words}<span" in marks, words
    assert "Not confirmed" in marks


def test_sending_waits_until_a_moderator_confirms_the_marks(assigned, expert, moderator):
    response = client_for(expert).post(
        url(assigned), transition_form(assigned, "submit_for_signoff")
    )
    html = response.content.decode()
    assert "may identify the patient: “Springfield”" in html
    assert Question.objects.get(pk=assigned.pk).status == S.ASSIGNED
    # The clinician is not offered the confirmation, and a forged one is refused.
    assert (
        'name="identifiers_removed"' not in client_for(expert).get(url(assigned)).content.decode()
    )
    forged = question_change_form(assigned, identifiers_removed="on", identifiers_fingerprint="x")
    response = client_for(expert).post(url(assigned), forged)
    assert "Only a moderator" in response.content.decode()
    # The moderator ticks the box for the marks on the page they loaded.
    confirm_as_on_the_page(assigned, moderator)
    client_for(expert).post(url(assigned), transition_form(assigned, "submit_for_signoff"))
    assert Question.objects.get(pk=assigned.pk).status == S.AWAITING_SIGNOFF


def test_a_new_mark_needs_a_new_confirmation(assigned, expert, moderator):
    confirm_as_on_the_page(assigned, moderator)
    assigned.refresh_from_db()
    assigned.body = f"{TOWN_BODY} My neurologist at Mercy Hospital said to rest."
    services.question_save_draft(question=assigned, actor=expert, fields=["body"])
    with pytest.raises(services.TransitionNotAllowed, match="Mercy Hospital"):
        services.question_submit_for_signoff(question_id=assigned.pk, actor=expert)


def test_a_confirmation_for_marks_that_changed_meanwhile_is_refused_and_keeps_the_edits(
    assigned, moderator
):
    stale = fingerprint_on_the_page(assigned, moderator)
    Question.objects.filter(pk=assigned.pk).update(body=f"{TOWN_BODY} I moved to Shelbyville.")
    assigned.refresh_from_db()
    response = client_for(moderator).post(
        url(assigned),
        question_change_form(
            assigned,
            answer_source="An answer typed meanwhile.",
            identifiers_removed="on",
            identifiers_fingerprint=stale,
        ),
    )
    html = response.content.decode()
    assert "The marked words changed since the page was loaded" in html
    assert "An answer typed meanwhile.</textarea>" in html
    assert Question.objects.get(pk=assigned.pk).identifiers_confirmed == ""


def test_removing_the_marked_words_is_enough_without_a_confirmation(assigned, expert):
    assigned.body = "My legs are weak when I walk. What can help?"
    services.question_save_draft(question=assigned, actor=expert, fields=["body"])
    services.question_submit_for_signoff(question_id=assigned.pk, actor=expert)
    assert Question.objects.get(pk=assigned.pk).status == S.AWAITING_SIGNOFF


def test_the_history_list_names_no_question_a_clinician_may_not_open(moderator, expert):
    question = QuestionFactory(title="Rosalind from Springfield asks")  # not de-identified
    Transition.objects.create(question=question, to_status=S.NEW, action="submit")
    listing = client_for(expert).get("/admin/questions/transition/").content.decode()
    assert "Rosalind from Springfield" not in listing
    assert "Rosalind from Springfield" in (
        client_for(moderator).get("/admin/questions/transition/").content.decode()
    )


def test_a_clinician_sees_the_marks_but_never_which_one_is_the_patients_name(assigned, expert):
    """A mark labelled "name" would confirm a clinician's guess at who asked."""
    Question.objects.filter(pk=assigned.pk).update(body="Is Privatename or Smith at risk?")
    clinician_page = client_for(expert).get(url(assigned)).content.decode()
    assert "(name)" not in clinician_page


def test_a_moderator_has_nothing_to_sign_in_their_list(assigned, expert, moderator):
    Question.objects.filter(pk=assigned.pk).update(body="My legs are weak.")
    services.question_submit_for_signoff(question_id=assigned.pk, actor=expert)
    listing = client_for(moderator).get("/admin/questions/question/?signoff=for_me")
    assert "Weak legs when walking" not in listing.content.decode()


def test_a_clinician_whose_version_waits_is_made_inactive_not_deleted(
    assigned, colleague, superuser
):
    Question.objects.filter(pk=assigned.pk).update(body="My legs are weak.")
    services.question_submit_for_signoff(question_id=assigned.pk, actor=colleague)
    colleague.expert_profile.delete()
    response = client_for(superuser).post(
        f"/admin/auth/user/{colleague.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 200
    assert "Cannot delete" in response.content.decode()
    assert Question.objects.get(pk=assigned.pk).answered_by == colleague
