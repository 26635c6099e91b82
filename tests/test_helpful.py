"""'Was this helpful?' under each answer: a yes or no and an optional note,
without an account or a cookie; notes stay private; the admin counts them."""

from __future__ import annotations

import pytest
from django.test import Client

from feedback.models import Feedback
from tests.conftest import client_for
from tests.factories import PublishedQuestionFactory
from tests.translation_helpers import SPANISH_TITLE, translate

pytestmark = pytest.mark.django_db


def helpful_url(qa) -> str:
    return f"/questions/{qa.slug}/helpful/"


def test_the_qa_page_asks_whether_the_answer_helped(visitor: Client, qa):
    html = visitor.get(qa.get_absolute_url()).content.decode()
    assert "Was this answer helpful?" in html
    assert f'<form method="post" action="/questions/{qa.slug}/helpful/"' in html
    assert 'name="helpful" value="yes"' in html and 'name="helpful" value="no"' in html
    assert 'name="note"' in html


def test_a_yes_is_stored_and_the_reader_is_thanked_in_plain_words(visitor: Client, qa):
    response = visitor.post(helpful_url(qa), {"helpful": "yes", "note": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/questions/{qa.slug}/helpful/thanks/"
    thanks = visitor.get(response["Location"]).content.decode()
    assert "Thank you for telling us" in thanks
    assert f'href="{qa.get_absolute_url()}"' in thanks
    assert list(Feedback.objects.values_list("question_id", "helpful", "note")) == [
        (qa.pk, True, "")
    ]


def test_a_no_with_a_note_is_stored_as_typed(visitor: Client, qa):
    visitor.post(helpful_url(qa), {"helpful": "no", "note": "  What is a <b>premedication</b>?  "})
    feedback = Feedback.objects.get()
    assert (feedback.helpful, feedback.note, feedback.note_read) == (
        False,
        "What is a <b>premedication</b>?",
        False,
    )


def test_it_works_without_an_account_a_token_or_a_cookie(qa):
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(qa.get_absolute_url())
    assert "csrfmiddlewaretoken" not in page.content.decode()
    response = strict.post(helpful_url(qa), {"helpful": "yes"})
    assert response.status_code == 302
    assert dict(response.cookies) == {} and dict(page.cookies) == {}
    assert dict(strict.get(response["Location"]).cookies) == {}
    assert Feedback.objects.count() == 1


def test_a_vote_sent_from_another_site_is_refused(visitor: Client, qa):
    response = visitor.post(
        helpful_url(qa), {"helpful": "no"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    cross = visitor.post(
        helpful_url(qa), {"helpful": "no"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert cross.status_code == 403
    same = visitor.post(helpful_url(qa), {"helpful": "no"}, headers={"Origin": "http://testserver"})
    assert same.status_code == 302
    assert Feedback.objects.count() == 1


def test_no_choice_gets_a_plain_message_and_keeps_the_note(visitor: Client, qa):
    response = visitor.post(helpful_url(qa), {"note": "The part on steroids was unclear."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please choose Yes or No." in html
    assert "Nothing you typed is lost." in html
    assert ">The part on steroids was unclear.</textarea>" in html
    assert Feedback.objects.count() == 0


def test_a_note_too_long_is_refused_with_the_choice_and_text_kept(visitor: Client, qa):
    note = "word " * 120  # 600 characters
    response = visitor.post(helpful_url(qa), {"helpful": "no", "note": note})
    html = response.content.decode()
    assert "Please keep your note to 500 characters (it has 599)." in html
    assert 'value="no" id="id_helpful_1" checked' in html
    assert note.strip() in html
    assert Feedback.objects.count() == 0


def test_too_many_votes_from_one_connection_get_a_friendly_429_with_the_note_kept(
    visitor: Client, qa, settings
):
    settings.HELPFUL_RATE_LIMIT = "2/h"
    for _ in range(2):
        assert visitor.post(helpful_url(qa), {"helpful": "yes"}).status_code == 302
    response = visitor.post(helpful_url(qa), {"helpful": "no", "note": "Still unsure."})
    html = response.content.decode()
    assert response.status_code == 429
    assert "You have sent 2 ratings from your connection in the last hour" in html
    assert ">Still unsure.</textarea>" in html
    assert Feedback.objects.count() == 2


def test_notes_never_reach_a_public_page_feed_or_sitemap(visitor: Client, qa):
    visitor.post(helpful_url(qa), {"helpful": "no", "note": "Private note from Rosalind"})
    for url in (
        qa.get_absolute_url(),
        "/",
        "/questions/",
        "/feeds/latest/",
        "/sitemap.xml",
        "/search/?q=Rosalind",
        f"/questions/{qa.slug}/helpful/thanks/",
    ):
        assert "Private note" not in visitor.get(url).content.decode(), url


def test_no_feedback_for_a_qa_that_is_not_published(visitor: Client, qa):
    qa.status = "withdrawn"
    qa.save()
    assert visitor.post(helpful_url(qa), {"helpful": "yes"}).status_code == 404
    assert visitor.get(helpful_url(qa)).status_code == 404
    assert Feedback.objects.count() == 0


def test_the_admin_counts_yes_and_no_per_answer_most_no_first(visitor: Client, qa, moderator):
    other = PublishedQuestionFactory(title="Why does heat make my legs weak?")
    for choice in ("yes", "yes", "no"):
        visitor.post(helpful_url(qa), {"helpful": choice})
    for choice in ("no", "no"):
        visitor.post(helpful_url(other), {"helpful": choice, "note": "Too short."})
    staff = client_for(moderator)
    html = staff.get("/admin/feedback/answerhelpfulness/").content.decode()
    assert html.index("Why does heat make my legs weak?") < html.index(
        "What happens on an infusion day?"
    )
    rows = staff.get("/admin/feedback/answerhelpfulness/?said=not_helped").content.decode()
    assert '<td class="field-helped_count">2</td>' in rows
    assert '<td class="field-not_helped_count">1</td>' in rows
    assert '<td class="field-not_helped_count">2</td>' in rows
    unread = staff.get("/admin/feedback/answerhelpfulness/?said=unread_notes").content.decode()
    assert "Why does heat make my legs weak?" in unread
    assert "What happens on an infusion day?" not in unread
    notes = staff.get(
        f"/admin/feedback/feedback/?question__id__exact={other.pk}&note=unread"
    ).content.decode()
    assert (
        f'href="/admin/feedback/feedback/?question__id__exact={other.pk}&amp;note=unread"' in unread
    )
    assert notes.count("Too short.") == 2


def test_staff_read_the_notes_and_mark_them_read(visitor: Client, qa, expert):
    visitor.post(helpful_url(qa), {"helpful": "no", "note": "What is a premedication?"})
    staff = client_for(expert)
    listing = staff.get("/admin/feedback/feedback/?note=unread").content.decode()
    assert "What is a premedication?" in listing
    feedback = Feedback.objects.get()
    response = staff.post(
        "/admin/feedback/feedback/",
        {"action": "mark_read", "_selected_action": [feedback.pk]},
        follow=True,
    )
    assert "1 note marked as read." in response.content.decode()
    assert (
        "What is a premedication?"
        not in staff.get("/admin/feedback/feedback/?note=unread").content.decode()
    )


def test_the_spanish_pages_name_the_answer_by_its_spanish_title(visitor: Client, qa):
    translate(qa)
    form = visitor.get(f"/es/questions/{qa.slug}/helpful/").content.decode()
    refused = visitor.post(f"/es/questions/{qa.slug}/helpful/", {"note": "Sin elegir."})
    visitor.post(f"/es/questions/{qa.slug}/helpful/", {"helpful": "yes"})
    thanks = visitor.get(f"/es/questions/{qa.slug}/helpful/thanks/").content.decode()
    for html in (form, refused.content.decode(), thanks):
        assert SPANISH_TITLE in html
        assert qa.published_answer.question_title not in html


def test_an_untranslated_qa_has_no_spanish_helpful_page_but_says_so(visitor: Client, qa):
    for path in (f"/es/questions/{qa.slug}/helpful/", f"/es/questions/{qa.slug}/helpful/thanks/"):
        html = visitor.get(path).content.decode()
        assert '<h1 id="not-translated-title">' in html, path
        assert f'hreflang="en" lang="en">{qa.published_answer.question_title}</a>' in html, path
