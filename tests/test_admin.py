"""Clinicians and moderators in the admin: the queue, the buttons, and sign-off integrity."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from questions import services
from questions.models import Question, Transition
from tests.conftest import client_for
from tests.factories import ExpertProfileFactory, QuestionFactory, UserFactory
from tests.forms import question_change_form, transition_form

pytestmark = pytest.mark.django_db
S = Question.Status
FINAL_TEXT = "Ocrelizumab is a large protein; very little reaches breast milk."


def published_by(expert) -> Question:
    """Written by a colleague, signed off and published by `expert`."""
    question = QuestionFactory(title="Breastfeeding after Ocrevus", answer_source=FINAL_TEXT)
    moderator = UserFactory(username="mod2", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    author = ExpertProfileFactory(user__username="author")
    author.user.groups.add(Group.objects.get(name="Experts"))
    services.question_assign(question_id=question.pk, actor=moderator, expert=author)
    services.question_submit_for_signoff(question_id=question.pk, actor=author.user)
    services.question_sign_off(question_id=question.pk, actor=expert)
    services.question_publish(question_id=question.pk, actor=expert)
    return Question.objects.get(pk=question.pk)


# --- who sees what -------------------------------------------------------


def test_anonymous_visitor_is_sent_to_the_login_page(visitor):
    question = QuestionFactory()
    for url in [
        "/admin/",
        "/admin/questions/question/",
        f"/admin/questions/question/{question.pk}/change/",
    ]:
        response = visitor.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_staff_without_a_role_sees_nothing_of_the_queue(staff_without_role):
    client = client_for(staff_without_role)
    question = QuestionFactory()
    assert b"Waiting for you" not in client.get("/admin/").content
    assert client.get("/admin/questions/question/").status_code == 403
    assert client.get(f"/admin/questions/question/{question.pk}/change/").status_code == 403
    response = client.post(
        f"/admin/questions/question/{question.pk}/change/", transition_form(question, "publish")
    )
    assert response.status_code == 403


def test_queue_lists_waiting_questions_oldest_first_with_days_waiting(moderator):
    now = timezone.now()
    old = QuestionFactory(
        title="Asked twelve days ago", submitted_at=now - datetime.timedelta(days=12)
    )
    QuestionFactory(title="Asked today", submitted_at=now)
    done = QuestionFactory(title="Already declined")
    services.question_reject(question_id=done.pk, actor=moderator, reason="spam")

    html = client_for(moderator).get("/admin/questions/question/").content.decode()
    assert html.index("Asked twelve days ago") < html.index("Asked today")
    assert "Already declined" not in html
    assert '<td class="field-days_waiting">12</td>' in html
    assert old.title in html


def test_a_search_or_a_status_looks_through_every_question_not_only_the_queue(moderator, expert):
    published_by(expert)
    QuestionFactory(title="Fatigue after a relapse")
    client = client_for(moderator)
    opened = client.get("/admin/questions/question/").content.decode()
    assert "Breastfeeding after Ocrevus" not in opened  # the queue: only what waits

    searched = client.get("/admin/questions/question/?q=breastfeeding").content.decode()
    assert "Breastfeeding after Ocrevus" in searched
    assert "Fatigue after a relapse" not in searched
    chosen_filter = r'<li class="selected">\s*<a href="\?q=breastfeeding&amp;queue=all"[^>]*>'
    assert re.search(chosen_filter + r"\s*All questions\s*</a>", searched)

    published = client.get("/admin/questions/question/?status__exact=published").content
    assert b"Breastfeeding after Ocrevus" in published
    assert b"Fatigue after a relapse" not in published

    # Chosen in so many words, the queue still narrows a search.
    chosen = client.get("/admin/questions/question/?q=breastfeeding&queue=waiting").content
    assert b"Breastfeeding after Ocrevus" not in chosen


def test_assigned_to_me_filter_and_index_counts(expert, moderator):
    mine = QuestionFactory(title="For the expert")
    QuestionFactory(title="Not assigned")
    services.question_assign(question_id=mine.pk, actor=moderator, expert=expert.expert_profile)
    client = client_for(expert)
    listing = client.get("/admin/questions/question/?mine=yes").content.decode()
    assert "For the expert" in listing and "Not assigned" not in listing
    index = client.get("/admin/").content.decode()
    assert "<strong>1</strong> assigned to you" in index
    assert "<strong>0</strong> waiting for your sign-off" in index
    triage = client_for(moderator).get("/admin/").content.decode()
    assert "<strong>1</strong> new, to triage" in triage


def test_change_page_shows_the_original_wording_read_only_beside_the_public_version(moderator):
    question = QuestionFactory()
    html = (
        client_for(moderator)
        .get(f"/admin/questions/question/{question.pk}/change/")
        .content.decode()
    )
    assert "The patient&#x27;s own words (private, staff only)" in html
    assert 'My name is <mark class="deid deid-name">Rosalind' in html
    assert 'name="original_text"' not in html  # not an input
    assert 'name="body"' in html and 'name="title"' in html


def test_only_the_moves_this_user_may_make_now_get_a_button(moderator, expert):
    question = QuestionFactory()
    moderator_page = (
        client_for(moderator)
        .get(f"/admin/questions/question/{question.pk}/change/")
        .content.decode()
    )
    assert 'value="assign"' in moderator_page and 'value="reject"' in moderator_page
    assert 'value="sign_off"' not in moderator_page and 'value="publish"' not in moderator_page
    expert_page = (
        client_for(expert).get(f"/admin/questions/question/{question.pk}/change/").content.decode()
    )
    assert 'value="assign"' not in expert_page and 'value="sign_off"' not in expert_page


def test_buttons_walk_a_question_to_publication_with_history(moderator, expert, colleague):
    question = QuestionFactory(answer_source=FINAL_TEXT)
    url = f"/admin/questions/question/{question.pk}/change/"
    mod, exp = client_for(moderator), client_for(expert)
    mod.post(url, transition_form(question, "assign", transition_expert=expert.expert_profile.pk))
    exp.post(url, transition_form(question, "submit_for_signoff"))
    client_for(colleague).post(url, transition_form(question, "sign_off"))
    response = exp.post(url, transition_form(question, "publish"), follow=True)
    assert "Done: publish." in response.content.decode()
    question.refresh_from_db()
    assert question.status == S.PUBLISHED
    actions = list(Transition.objects.filter(question=question).values_list("action", flat=True))
    assert actions == ["assign", "submit_for_signoff", "sign_off", "publish"]
    history = exp.get(f"/admin/questions/question/{question.pk}/change/").content.decode()
    assert "History" in history
    for words in ["Assigned to an expert", "Sent for sign-off", "Signed off", "Published"]:
        assert f"<p>{words}</p>" in history
    assert "submit_for_signoff" not in history.split('id="transitions-group"')[1]


def test_an_illegal_or_incomplete_move_shows_a_clear_error(moderator, expert):
    question = QuestionFactory()
    url = f"/admin/questions/question/{question.pk}/change/"
    response = client_for(moderator).post(url, transition_form(question, "assign"))
    assert "Choose the expert who will answer." in response.content.decode()
    response = client_for(moderator).post(url, transition_form(question, "publish"))
    assert "Cannot publish a question that is “new”." in response.content.decode()
    question.refresh_from_db()
    assert question.status == S.NEW


def test_preview_shows_the_page_as_the_public_will_see_it(expert, moderator):
    question = QuestionFactory(answer_source="**Bold** advice")
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    html = (
        client_for(expert).get(f"/admin/questions/question/{question.pk}/preview/").content.decode()
    )
    assert "Preview of the current draft" in html
    assert "<strong>Bold</strong> advice" in html
    assert expert.expert_profile.display_name in html
    assert "not for emergencies" in html


# --- integrity: the public reads only what was signed ---------------------


def test_editing_a_published_answer_in_the_admin_leaves_the_public_page_unchanged(
    expert, colleague, visitor
):
    question = published_by(expert)
    response = client_for(expert).post(
        f"/admin/questions/question/{question.pk}/change/",
        question_change_form(
            question, answer_source="A quietly changed answer.", title="New title"
        ),
    )
    assert response.status_code == 302
    page = visitor.get(question.get_absolute_url()).content.decode()
    assert FINAL_TEXT in page and "A quietly changed answer." not in page
    assert "Updated" not in page
    change_page = (
        client_for(expert).get(f"/admin/questions/question/{question.pk}/change/").content.decode()
    )
    assert "The draft has changes that are not signed" in change_page

    # Nobody signs changes that no clinician sent; the sender's colleague signs them.
    with pytest.raises(services.TransitionNotAllowed):
        services.question_sign_off(question_id=question.pk, actor=colleague)
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    with pytest.raises(services.TransitionNotAllowed):
        services.question_sign_off(question_id=question.pk, actor=expert)
    services.question_sign_off(question_id=question.pk, actor=colleague)
    page = visitor.get(question.get_absolute_url()).content.decode()
    assert "A quietly changed answer." in page and FINAL_TEXT not in page
    assert "Updated" in page
    assert (
        visitor.get(question.get_absolute_url()).status_code == 200
    )  # same URL after a title change


def test_editing_through_model_save_leaves_the_public_page_unchanged(expert, visitor):
    question = published_by(expert)
    question.answer_source = "Saved from a shell."
    question.body = "A new public question."
    question.save()
    page = visitor.get(question.get_absolute_url()).content.decode()
    assert (
        FINAL_TEXT in page
        and "Saved from a shell." not in page
        and "A new public question." not in page
    )


def test_publishing_through_the_admin_action_publishes_only_the_signed_text(
    expert, colleague, visitor
):
    question = QuestionFactory(answer_source=FINAL_TEXT)
    moderator = UserFactory(username="mod3", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    services.question_sign_off(question_id=question.pk, actor=colleague)
    edited = Question.objects.get(pk=question.pk)
    edited.answer_source = "Edited after sign-off, never signed."
    edited.save()

    response = client_for(moderator).post(
        "/admin/questions/question/",
        {"action": "publish_selected", "_selected_action": [question.pk]},
        follow=True,
    )
    assert "Published 1 question(s)." in response.content.decode()
    page = visitor.get(Question.objects.get(pk=question.pk).get_absolute_url()).content.decode()
    assert FINAL_TEXT in page and "Edited after sign-off" not in page


def test_a_re_sign_with_nothing_changed_is_refused(expert):
    question = published_by(expert)
    with pytest.raises(services.TransitionNotAllowed, match="Nothing has changed"):
        services.question_sign_off(question_id=question.pk, actor=expert)


def test_changing_a_signature_block_never_changes_a_signed_answer(expert, visitor):
    question = published_by(expert)
    client = client_for(expert)
    profile = expert.expert_profile
    response = client.post(
        f"/admin/questions/expertprofile/{profile.pk}/change/",
        {
            "display_name": "Renamed Person, MD",
            "credentials": profile.credentials,
            "titles": "Emeritus Professor",
            "institution": profile.institution,
            "bio": "",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.display_name == "Renamed Person, MD"
    page = visitor.get(question.get_absolute_url()).content.decode()
    assert "Renamed Person" not in page and "Emeritus" not in page
    assert "Professor of Neurology" in page


def test_a_clinician_edits_only_their_own_signature_block(expert):
    other = ExpertProfileFactory(user__username="someone-else")
    client = client_for(expert)
    assert (
        client.get(f"/admin/questions/expertprofile/{expert.expert_profile.pk}/change/").status_code
        == 200
    )
    assert (
        client.get(f"/admin/questions/expertprofile/{other.pk}/change/").status_code == 302
    )  # not found → index
    listing = client.get("/admin/questions/expertprofile/").content.decode()
    assert other.display_name not in listing


def test_signed_versions_cannot_be_edited_or_deleted_in_the_admin(expert, superuser):
    question = published_by(expert)
    answer_id = question.published_answer_id
    client = client_for(superuser)
    page = client.get(f"/admin/questions/answer/{answer_id}/change/").content.decode()
    assert 'name="body_html"' not in page
    assert (
        client.post(f"/admin/questions/answer/{answer_id}/delete/", {"post": "yes"}).status_code
        == 403
    )
