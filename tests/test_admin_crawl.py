"""Every admin page, for every staff role, answers without a server error,
also when the address or a posted form has been tampered with: a staff
member gets a page, a message, a redirect or a 404, never a 500."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from core.models import OutgoingEmail
from questions import services
from questions.models import Comment
from tests.conftest import client_for
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    DrugFactory,
    ExpertProfileFactory,
    PublishedQuestionFactory,
    sent_by_a_patient,
)

pytestmark = pytest.mark.django_db

ROLES = ["superuser", "moderator", "expert", "staff_without_role"]


@pytest.fixture
def content(moderator, expert, superuser, staff_without_role):
    treatment = CategoryFactory(name="Treatment", slug="treatment")
    published = PublishedQuestionFactory(category=treatment)
    withdrawn = PublishedQuestionFactory(category=treatment)
    services.question_withdraw(question_id=withdrawn.pk, actor=moderator, note="outdated")
    never_published, _token = sent_by_a_patient(form_token="admin-crawl")
    CommentFactory(question=published, status=Comment.Status.PENDING)
    replied = CommentFactory(question=published, status=Comment.Status.APPROVED)
    services.comment_reply(comment_id=replied.pk, actor=expert, body="A clinician's reply.")
    DrugFactory(generic_name="ocrelizumab")
    DrugFactory(generic_name="draftumab", is_published=False)
    ExpertProfileFactory()
    OutgoingEmail.objects.create(to="x@clinic.test", subject="s", body="b")
    return {
        "published": published,
        "withdrawn": withdrawn,
        "never_published": never_published,
        "replied": replied,
    }


def admin_urls() -> list[str]:
    """Every page of every registered model: its list, add form, and for a few
    of its rows the change, history and delete pages and "view on site"."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [base, f"{base}add/", f"{base}?q=fatigue", f"{base}?o=1.-2&p=0", f"{base}?e=1"]
        content_type = ContentType.objects.get_for_model(model).pk
        rows = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        for pk in {*rows[:2], *rows[-2:]}:
            urls += [
                f"{base}{pk}/change/",
                f"{base}{pk}/history/",
                f"{base}{pk}/delete/",
                f"/admin/r/{content_type}/{pk}/",
            ]
            if model_admin.__class__.__name__ == "QuestionAdmin":
                urls += [f"{base}{pk}/preview/"]
            if model_admin.__class__.__name__ == "CommentAdmin":
                urls += [f"{base}{pk}/reply/"]
        urls += [f"{base}999999/change/", f"{base}abc/change/", f"{base}%00/history/"]
    return urls


def tampered_lists() -> list[str]:
    """Each list with a NUL byte in every filter it offers and in its search."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [f"{base}?q=%00", f"{base}?q=fatigue%00"]
        for list_filter in model_admin.list_filter:
            if isinstance(list_filter, str):
                urls += [f"{base}?{list_filter}__exact=%00", f"{base}?{list_filter}__id__exact=%00"]
            else:
                urls.append(f"{base}?{list_filter.parameter_name}=%00")
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_no_admin_page_is_a_server_error_for_any_role(role, request, content):
    client = client_for(request.getfixturevalue(role))
    client.raise_request_exception = False
    failures = []
    for url in admin_urls() + tampered_lists():
        if client.get(url).status_code >= 500:
            failures.append(url)
    transition = f"/admin/questions/question/{content['never_published'].pk}/change/"
    for data in [
        {"_transition": "publish"},
        {"_transition": "nonsense"},
        {"_transition": "assign", "transition_expert": "abc"},
        {"_transition": "reject", "transition_reason": "spam", "_confirmed": "1"},
        {"_transition": "reject", "_back": "1"},
    ]:
        if client.post(transition, data).status_code >= 500:
            failures.append(f"POST {transition} {data}")
    reply = f"/admin/questions/comment/{content['replied'].pk}/reply/"
    for data in [{}, {"body": "\x00"}, {"body": "x" * 5000}, {"body": ["a", "b"]}]:
        if client.post(reply, data).status_code >= 500:
            failures.append(f"POST {reply} {data}")
    assert failures == []


# fmt: off
TAMPERED = [
    "/admin/questions/question/?status__exact=%00",
    "/admin/questions/question/?q=%00",
    "/admin/questions/comment/?status__exact=%00",
    "/admin/drugs/drug/?status__exact=%00",
    "/admin/drugs/drug/?group__exact=%00&route__exact=oral",
]
# fmt: on


@pytest.mark.parametrize("url", TAMPERED)
def test_a_nul_byte_in_a_list_filter_is_left_out_with_a_message(superuser, content, url):
    client = client_for(superuser)
    response = client.get(url)
    assert response.status_code == 302
    assert "%00" not in response["Location"]
    page = client.get(response["Location"], follow=True)
    assert page.status_code == 200
    assert "cannot be searched for" in page.content.decode()


@pytest.mark.parametrize(
    ("url", "action"),
    [
        ("/admin/questions/question/", "publish_selected"),
        ("/admin/questions/comment/", "approve"),
        ("/admin/drugs/drug/", "relink_selected"),
        ("/admin/questions/category/", "delete_selected"),
    ],
)
@pytest.mark.parametrize("selected", ["abc", "1.5", "\x00", "99999999999999999999999"])
def test_a_bulk_action_on_an_id_that_cannot_be_one_answers_with_a_message(
    superuser, content, url, action, selected
):
    client = client_for(superuser)
    response = client.post(
        url + "?queue=all", {"action": action, "_selected_action": [selected], "index": "0"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"], follow=True)
    assert "not one of the listed items" in page.content.decode()


@pytest.mark.parametrize("which", ["never_published", "withdrawn"])
def test_only_a_published_question_offers_view_on_site(superuser, content, which):
    question = content[which]
    client = client_for(superuser)
    change = client.get(f"/admin/questions/question/{question.pk}/change/").content.decode()
    assert "View on site" not in change
    if which == "never_published":
        content_type = ContentType.objects.get_for_model(question).pk
        assert client.get(f"/admin/r/{content_type}/{question.pk}/").status_code == 404


def test_a_published_question_offers_view_on_site(superuser, content):
    question = content["published"]
    page = client_for(superuser).get(f"/admin/questions/question/{question.pk}/change/")
    assert f'href="{question.get_absolute_url()}"' in page.content.decode()
