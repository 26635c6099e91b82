"""Who may open what: every URL of the site, fetched by everyone.

The expected status of each (URL, person) pair is written out below as data,
from the site's rules (the public reads published Q&As only;
patients reach their question through a private link; moderators triage and
moderate comments; clinicians answer, sign, publish and keep the drug
reference; staff without a role see nothing), never computed from the code
under test. "login" is a redirect to the admin's sign-in page.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from core.models import OutgoingEmail
from feedback.models import Feedback
from questions import services
from questions.models import Answer, Comment, Question, Transition
from tests.access_helpers import LOGIN, XHR, fetch, outcome
from tests.access_rows_readers import CLINICIAN_PAGES_AND_FEEDBACK
from tests.conftest import client_for
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    DrugFactory,
    ExpertProfileFactory,
    PublishedQuestionFactory,
    sent_by_a_patient,
)
from tests.images import small_png

pytestmark = pytest.mark.django_db
PNG = small_png()

ACTORS = ["anonymous", "no_role", "moderator", "expert", "superuser"]
HOME = "/admin/"  # the admin sends a user to its index: "that object does not exist"
PENDING = "?status__exact=pending"
APPROVED = "?status__exact=approved"

# fmt: off
MATRIX = [
    # method, url,                                   anonymous, no_role, moderator, expert, superuser
    # --- public pages
    ("GET", "/",                                     200, 200, 200, 200, 200),
    ("GET", "/questions/",                           200, 200, 200, 200, 200),
    ("GET", "/questions/?page=99",                   404, 404, 404, 404, 404),
    ("GET", "/questions/{qa}/",                      200, 200, 200, 200, 200),
    # Withdrawn: gone for the public, shown with a "not public" notice to staff
    # whose role edits questions (staff without a role are the public here).
    ("GET", "/questions/{withdrawn}/",               404, 404, 200, 200, 200),
    ("GET", "/questions/no-such-question/",          404, 404, 404, 404, 404),
    ("GET", "/questions/{qa}/reply/",                200, 200, 200, 200, 200),
    ("POST", "/questions/{qa}/reply/",               200, 200, 200, 200, 200),  # errors shown
    ("GET", "/questions/{qa}/reply/sent/",           200, 200, 200, 200, 200),
    ("GET", "/questions/{withdrawn}/reply/",         404, 404, 404, 404, 404),
    ("GET", "/questions/{withdrawn}/reply/sent/",    404, 404, 404, 404, 404),
    ("GET", "/archive/",                             200, 200, 200, 200, 200),
    ("GET", "/archive/{month}/",                     200, 200, 200, 200, 200),
    ("GET", "/archive/1999/01/",                     404, 404, 404, 404, 404),
    ("GET", "/archive/2024/13/",                     404, 404, 404, 404, 404),
    ("GET", "/category/treatment/",                  200, 200, 200, 200, 200),
    ("GET", "/category/empty/",                      404, 404, 404, 404, 404),
    ("GET", "/category/no-such-category/",           404, 404, 404, 404, 404),
    ("GET", "/search/",                              200, 200, 200, 200, 200),
    ("GET", "/search/?q=ocrelizumab",                200, 200, 200, 200, 200),
    ("GET", "/search/?q=%00%3Cscript%3E",            200, 200, 200, 200, 200),
    ("GET", "/search/?q=question&page=99",           404, 404, 404, 404, 404),
    ("GET", "/drugs/",                               200, 200, 200, 200, 200),
    ("GET", "/drugs/{drug}/",                        200, 200, 200, 200, 200),
    # A draft entry of the reference: those who edit the reference preview it.
    ("GET", "/drugs/{draft_drug}/",                  404, 404, 404, 200, 200),
    ("GET", "/drugs/no-such-drug/",                  404, 404, 404, 404, 404),
    ("GET", "/glossary/",                            200, 200, 200, 200, 200),
    ("GET", "/glossary/{term}/",                     200, 200, 200, 200, 200),
    # A draft explanation: those who edit the glossary preview it.
    ("GET", "/glossary/{draft_term}/",               404, 404, 404, 200, 200),
    ("GET", "/glossary/no-such-term/",               404, 404, 404, 404, 404),
    ("GET", "/display/",                             200, 200, 200, 200, 200),
    ("GET", "/feeds/latest/",                        200, 200, 200, 200, 200),
    ("GET", "/feeds/category/treatment/",            200, 200, 200, 200, 200),
    ("GET", "/feeds/category/no-such-category/",     404, 404, 404, 404, 404),
    ("GET", "/sitemap.xml",                          200, 200, 200, 200, 200),
    ("GET", "/robots.txt",                           200, 200, 200, 200, 200),
    ("GET", "/no-such-page/",                        404, 404, 404, 404, 404),
    # --- the patient's side
    ("GET", "/ask/",                                 200, 200, 200, 200, 200),
    ("POST", "/ask/",                                200, 200, 200, 200, 200),  # errors shown
    # similar published questions while typing: a fragment, by POST only
    ("GET", "/ask/similar/",                         405, 405, 405, 405, 405),
    ("POST", "/ask/similar/",                        200, 200, 200, 200, 200),
    # a search result opened: the link's ping, by POST only, no token needed
    ("GET", "/search/opened/?q=fatigue",             405, 405, 405, 405, 405),
    ("POST", "/search/opened/?q=fatigue",            204, 204, 204, 204, 204),
    ("GET", "/ask/thanks/{token}/",                  200, 200, 200, 200, 200),
    ("GET", "/ask/status/{token}/",                  200, 200, 200, 200, 200),
    ("GET", "/ask/thanks/{wrong_token}/",            404, 404, 404, 404, 404),
    ("GET", "/ask/status/{wrong_token}/",            404, 404, 404, 404, 404),
    ("GET", "/ask/status/short/",                    404, 404, 404, 404, 404),
    # The patient erases their contact details: a button (POST) on the private page.
    ("GET", "/ask/status/{token}/erase/",            405, 405, 405, 405, 405),
    ("POST", "/ask/status/{wrong_token}/erase/",     404, 404, 404, 404, 404),
    # Pressed, it asks first (nothing is erased until the patient confirms on that
    # page); this patient left no name or email, so there is nothing to ask about.
    ("POST", "/ask/status/{token}/erase/",           "{status}", "{status}", "{status}", "{status}", "{status}"),
    # --- following new answers: the feeds page, email subscriptions (private links)
    ("GET", "/feeds/",                               200, 200, 200, 200, 200),
    ("GET", "/subscribe/",                           200, 200, 200, 200, 200),
    ("GET", "/subscribe/?category=treatment",        200, 200, 200, 200, 200),
    ("POST", "/subscribe/",                          200, 200, 200, 200, 200),  # errors shown
    ("GET", "/subscribe/sent/",                      200, 200, 200, 200, 200),
    ("GET", "/subscribe/confirm/{confirm_token}/",   200, 200, 200, 200, 200),
    ("GET", "/subscribe/confirm/{wrong_token}/",     404, 404, 404, 404, 404),
    ("POST", "/subscribe/confirm/{wrong_token}/",    404, 404, 404, 404, 404),
    ("GET", "/subscribe/manage/{sub_token}/",        200, 200, 200, 200, 200),
    ("POST", "/subscribe/manage/{sub_token}/",       200, 200, 200, 200, 200),  # errors shown
    ("GET", "/subscribe/manage/{wrong_token}/",      404, 404, 404, 404, 404),
    ("GET", "/subscribe/unsubscribe/{sub_token}/",   200, 200, 200, 200, 200),
    ("GET", "/subscribe/unsubscribe/{wrong_token}/", 404, 404, 404, 404, 404),
    # One-click unsubscribe: a POST ends a subscription, and an unknown one "again".
    ("POST", "/subscribe/unsubscribe/{wrong_token}/", 200, 200, 200, 200, 200),
    # --- the captcha
    ("GET", "/captcha/image/{captcha}/",             200, 200, 200, 200, 200),
    ("GET", "/captcha/image/{captcha}@2/",           200, 200, 200, 200, 200),
    ("GET", "/captcha/image/{wrong_captcha}/",       410, 410, 410, 410, 410),
    ("GET", "/captcha/refresh/",                     404, 404, 404, 404, 404),  # not from a script
    ("XHR", "/captcha/refresh/",                     200, 200, 200, 200, 200),
    # --- the admin site
    ("GET", "/admin/login/",                         200, HOME, HOME, HOME, HOME),
    ("GET", "/admin/",                               LOGIN, 200, 200, 200, 200),
    ("GET", "/admin/no-such-page/",                  LOGIN, 404, 404, 404, 404),
    ("GET", "/admin/logout/",                        HOME, 405, 405, 405, 405),
    ("GET", "/admin/password_change/",               LOGIN, 200, 200, 200, 200),
    ("GET", "/admin/password_change/done/",          LOGIN, 200, 200, 200, 200),
    ("GET", "/admin/jsi18n/",                        LOGIN, 200, 200, 200, 200),
    ("GET", "/admin/autocomplete/",                  LOGIN, 403, 403, 403, 403),
    ("GET", "/admin/r/{question_type}/{qa_id}/",     LOGIN, "{qa_url}", "{qa_url}", "{qa_url}", "{qa_url}"),
    ("GET", "/admin/auth/",                          LOGIN, 404, 404, 404, 200),
    ("GET", "/admin/questions/",                     LOGIN, 404, 200, 200, 200),
    ("GET", "/admin/drugs/",                         LOGIN, 404, 404, 200, 200),
    # auth: the site administrator only
    ("GET", "/admin/auth/user/",                     LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/auth/user/add/",                 LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/auth/user/{user}/change/",       LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/auth/user/{user}/password/",     LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/auth/user/{user}/history/",      LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/auth/user/{user}/delete/",       LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/auth/group/",                    LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/auth/group/add/",                LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/auth/group/{group}/change/",     LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/auth/group/{group}/delete/",     LOGIN, 403, 403, 403, 200),
    # categories: moderators keep them, clinicians read them
    ("GET", "/admin/questions/category/",            LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/questions/category/add/",        LOGIN, 403, 200, 403, 200),
    ("GET", "/admin/questions/category/{category}/change/", LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/questions/category/{category}/history/", LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/questions/category/{category}/delete/", LOGIN, 403, 403, 403, 200),
    # signature blocks: a clinician edits their own, moderators read all
    ("GET", "/admin/questions/expertprofile/",       LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/questions/expertprofile/add/",   LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/questions/expertprofile/{own_profile}/change/", LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/questions/expertprofile/{other_profile}/change/", LOGIN, 403, 200, HOME, 200),
    ("GET", "/admin/questions/expertprofile/{own_profile}/delete/", LOGIN, 403, 403, 403, 200),
    # synonyms of search: moderators and clinicians keep them
    ("GET", "/admin/search/synonym/",                LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/search/synonym/add/",            LOGIN, 403, 200, 200, 200),
    # searches that found nothing: read and noted by moderators and clinicians, added by none
    ("GET", "/admin/search/searchmiss/",             LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/search/searchmiss/add/",         LOGIN, 403, 403, 403, 403),
    # questions: nobody adds one here (they come from /ask/); only the administrator deletes
    ("GET", "/admin/questions/question/",            LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/questions/question/add/",        LOGIN, 403, 403, 403, 403),
    # A new question may still be the patient's own words: clinicians (and staff
    # without a role) do not even learn it exists; moderators de-identify it first.
    ("GET", "/admin/questions/question/{new}/change/", LOGIN, 403, 200, HOME, 200),
    ("GET", "/admin/questions/question/{new}/history/", LOGIN, HOME, 200, HOME, 200),
    ("GET", "/admin/questions/question/{new}/delete/", LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/questions/question/{new}/preview/", LOGIN, 403, 200, 404, 200),
    ("GET", "/admin/questions/question/999999/preview/", LOGIN, 404, 404, 404, 404),
    # Publishing a new question is refused on the same page: nothing moves.
    ("POST", "/admin/questions/question/{new}/change/", LOGIN, 403, 200, HOME, 200),
    # signed versions and the history: a record, read-only for everyone
    ("GET", "/admin/questions/answer/",              LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/questions/answer/add/",          LOGIN, 403, 403, 403, 403),
    ("GET", "/admin/questions/answer/{answer}/change/", LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/questions/answer/{answer}/delete/", LOGIN, 403, 403, 403, 403),
    ("GET", "/admin/questions/transition/",          LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/questions/transition/add/",      LOGIN, 403, 403, 403, 403),
    ("GET", "/admin/questions/transition/{transition}/change/", LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/questions/transition/{transition}/delete/", LOGIN, 403, 403, 403, 403),
    # comments: moderators moderate; clinicians see the approved ones, to reply.
    # The bare list opens on the pending queue, for clinicians on the approved.
    ("GET", "/admin/questions/comment/",             LOGIN, APPROVED, PENDING, APPROVED, PENDING),
    # For a clinician the list holds approved comments only (none pending).
    ("GET", "/admin/questions/comment/?status__exact=pending", LOGIN, 403, 200, 200, 200),
    ("GET", "/admin/questions/comment/add/",         LOGIN, 403, 403, 403, 403),
    ("GET", "/admin/questions/comment/{comment}/change/", LOGIN, 403, 200, HOME, 200),
    ("GET", "/admin/questions/comment/{approved_comment}/change/", LOGIN, 403, 200, 200, 200),
    # A pending comment has no reply form (a moderator is told to approve it first).
    ("GET", "/admin/questions/comment/{comment}/reply/", LOGIN, 403, 200, 404, 200),
    ("GET", "/admin/questions/comment/{approved_comment}/reply/", LOGIN, 403, 200, 200, 200),
    ("POST", "/admin/questions/comment/{approved_comment}/reply/", LOGIN, 403, 200, 200, 200),  # errors shown
    ("GET", "/admin/questions/comment/{comment}/delete/", LOGIN, 403, 403, 403, 200),
    # the outbox: the administrator's, read-only
    ("GET", "/admin/core/outgoingemail/",       LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/core/outgoingemail/add/",   LOGIN, 403, 403, 403, 403),
    ("GET", "/admin/core/outgoingemail/{email}/change/", LOGIN, 403, 403, 403, 200),
    # the drug reference: clinicians keep it
    ("GET", "/admin/drugs/drug/",                    LOGIN, 403, 403, 200, 200),
    ("GET", "/admin/drugs/drug/add/",                LOGIN, 403, 403, 200, 200),
    ("GET", "/admin/drugs/drug/{drug_id}/change/",   LOGIN, 403, 403, 200, 200),
    ("GET", "/admin/drugs/drug/{drug_id}/history/",  LOGIN, 403, 403, 200, 200),
    ("GET", "/admin/drugs/drug/{drug_id}/delete/",   LOGIN, 403, 403, 403, 200),
    # the glossary: clinicians keep it, as the drug reference
    ("GET", "/admin/glossary/term/",                 LOGIN, 403, 403, 200, 200),
    ("GET", "/admin/glossary/term/add/",             LOGIN, 403, 403, 200, 200),
    ("GET", "/admin/glossary/term/{term_id}/change/", LOGIN, 403, 403, 200, 200),
    ("GET", "/admin/glossary/term/{term_id}/delete/", LOGIN, 403, 403, 403, 200),
]
MATRIX += CLINICIAN_PAGES_AND_FEEDBACK
# fmt: on


@pytest.fixture
def people(visitor, staff_without_role, moderator, expert, superuser) -> dict[str, Client]:
    return {
        "anonymous": visitor,
        "no_role": client_for(staff_without_role),
        "moderator": client_for(moderator),
        "expert": client_for(expert),
        "superuser": client_for(superuser),
    }


def with_photo(profile, actor) -> str:
    services.expert_profile_save(profile=profile, actor=actor, photo=PNG)
    return profile.photo_url()


@pytest.fixture
def site(moderator, expert, superuser) -> dict[str, str]:
    treatment = CategoryFactory(name="Treatment", slug="treatment")
    CategoryFactory(name="Empty", slug="empty")
    qa = PublishedQuestionFactory(category=treatment)
    withdrawn = PublishedQuestionFactory(category=treatment)
    services.question_withdraw(question_id=withdrawn.pk, actor=moderator, note="outdated")
    new, token = sent_by_a_patient(form_token="access-matrix")
    from captcha.models import CaptchaStore
    from django.contrib.contenttypes.models import ContentType

    return {
        "qa": qa.slug,
        "qa_id": str(qa.pk),
        "qa_url": f"http://testserver{qa.get_absolute_url()}",
        "question_type": str(ContentType.objects.get_for_model(Question).pk),
        "withdrawn": withdrawn.slug,
        "month": f"{timezone.localtime(qa.published_at):%Y/%m}",
        "drug": DrugFactory(generic_name="ocrelizumab").slug,
        "draft_drug": DrugFactory(generic_name="draftumab", is_published=False).slug,
        "drug_id": str(DrugFactory(generic_name="ocrelizumab").pk),
        **_glossary_terms(),
        "token": token,
        "status": f"/ask/status/{token}/",
        "wrong_token": "0" * 64,
        "captcha": CaptchaStore.pick(),
        "wrong_captcha": "f" * 40,
        "user": str(moderator.pk),
        "group": str(Group.objects.get(name="Moderators").pk),
        "category": str(treatment.pk),
        "own_profile": str(expert.expert_profile.pk),
        "own_profile_slug": expert.expert_profile.slug,
        "signer": qa.published_answer.signer.slug,
        "signer_photo": with_photo(qa.published_answer.signer, superuser),
        "own_photo": with_photo(expert.expert_profile, superuser),
        "feedback": str(Feedback.objects.create(question=qa, helpful=False, note="n").pk),
        "other_profile": str(ExpertProfileFactory().pk),
        "new": str(new.pk),
        "new_change": f"/admin/questions/question/{new.pk}/change/",
        "answer": str(Answer.objects.filter(question=qa).get().pk),
        "transition": str(Transition.objects.filter(question=withdrawn).first().pk),
        "comment": str(CommentFactory(question=qa, status=Comment.Status.PENDING).pk),
        "approved_comment": str(CommentFactory(question=qa).pk),
        "email": str(OutgoingEmail.objects.create(to="x@clinic.test", subject="s", body="b").pk),
        **_subscription_tokens(),
    }


def _glossary_terms() -> dict[str, str]:
    """A published explanation and a draft one."""
    from glossary.models import Term

    reviewer = ExpertProfileFactory()
    published = Term.objects.create(
        name="lesion",
        slug="lesion",
        explanation="An area of the brain or spinal cord that MS has damaged.",
        reviewed_by=reviewer,
        reviewed_on=timezone.localdate(),
        is_published=True,
    )
    draft = Term.objects.create(name="plaque", slug="plaque", explanation="Another word for it.")
    return {"term": published.slug, "term_id": str(published.pk), "draft_term": draft.slug}


def _subscription_tokens() -> dict[str, str]:
    """A confirmed subscription's private link, and a waiting one's confirmation link."""
    from subscriptions.models import Subscription, hash_token

    confirmed = Subscription(
        email="reader@reader.test", confirmed_at=timezone.now(), last_digest_at=timezone.now()
    )
    sub_token = confirmed.new_token()
    confirmed.save()
    waiting = Subscription(
        email="waiting@reader.test", confirm_hash=hash_token("c" * 43), mailed_at=timezone.now()
    )
    waiting.new_token()
    waiting.save()
    return {"sub_token": sub_token, "confirm_token": "c" * 43}


@pytest.mark.parametrize("actor", ACTORS)
def test_everyone_gets_exactly_the_expected_answer_from_every_url(actor, people, site, settings):
    settings.ASK_MIN_SECONDS = 0
    client = people[actor]
    column = ACTORS.index(actor)
    wrong = []
    for method, template, *expected_by_actor in MATRIX:
        url = template.format(**site)
        expected = expected_by_actor[column]
        if isinstance(expected, str) and expected != LOGIN:
            expected = expected.format(**site)
            if expected in (PENDING, APPROVED):
                expected = url.split("?")[0] + expected
        got = outcome(fetch(client, method, url), site)
        if got != expected:
            wrong.append(f"{method} {url}: expected {expected}, got {got}")
    assert wrong == [], "\n".join(wrong)


def test_the_matrix_covers_every_url_pattern_of_the_site():
    """A new URL must get a row here before it ships."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def patterns(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from patterns(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern)

    names = {
        p.replace("^", "").replace("$", "")
        for p in patterns(get_resolver())
        if not p.startswith("admin/")
    }
    # Each pattern, as written in the URLconf, with the rows that exercise it.
    covered = {
        "": "/",
        "questions/": "/questions/",
        "questions/<slug:slug>/": "/questions/{qa}/",
        "questions/<slug:slug>/reply/": "/questions/{qa}/reply/",
        "questions/<slug:slug>/reply/sent/": "/questions/{qa}/reply/sent/",
        "archive/": "/archive/",
        "archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/": "/archive/{month}/",
        "category/<slug:slug>/": "/category/treatment/",
        "search/": "/search/",
        "search/opened/": "/search/opened/?q=fatigue",
        "ask/": "/ask/",
        "ask/similar/": "/ask/similar/",
        "ask/thanks/<str:token>/": "/ask/thanks/{token}/",
        "ask/status/<str:token>/": "/ask/status/{token}/",
        "ask/status/<str:token>/erase/": "/ask/status/{token}/erase/",
        "drugs/": "/drugs/",
        "drugs/<slug:slug>/": "/drugs/{drug}/",
        "glossary/": "/glossary/",
        "glossary/<slug:slug>/": "/glossary/{term}/",
        "display/": "/display/",
        "experts/<slug:slug>/": "/experts/{signer}/",
        "experts/(?P<slug>[-a-zA-Z0-9_]+)/photo-(?P<version>[0-9]+)\\.jpg": "{signer_photo}",
        "questions/<slug:slug>/helpful/": "/questions/{qa}/helpful/",
        "questions/<slug:slug>/helpful/thanks/": "/questions/{qa}/helpful/thanks/",
        "feeds/latest/": "/feeds/latest/",
        "feeds/category/<slug:slug>/": "/feeds/category/treatment/",
        "sitemap.xml": "/sitemap.xml",
        "robots.txt": "/robots.txt",
        "feeds/": "/feeds/",
        "subscribe/": "/subscribe/",
        "subscribe/sent/": "/subscribe/sent/",
        "subscribe/confirm/<str:token>/": "/subscribe/confirm/{confirm_token}/",
        "subscribe/manage/<str:token>/": "/subscribe/manage/{sub_token}/",
        "subscribe/unsubscribe/<str:token>/": "/subscribe/unsubscribe/{sub_token}/",
        "captcha/image/(?P<key>\\w+)/": "/captcha/image/{captcha}/",
        "captcha/image/(?P<key>\\w+)@2/": "/captcha/image/{captcha}@2/",
        "captcha/refresh/": "/captcha/refresh/",
        # The spoken sum: see test_the_spoken_sum_is_public_....
        "captcha/audio/(?P<key>\\w+)\\.wav": None,  # ours, first
        "captcha/audio/(?P<key>\\w+).wav": None,  # the library's, shadowed by ours
    }
    rows = {template for _method, template, *_ in MATRIX}
    assert names == set(covered), names ^ set(covered)
    assert all(row is None or row in rows for row in covered.values())


def test_the_spoken_sum_is_public_and_an_unknown_one_is_gone(visitor):
    response = visitor.get(f"/captcha/audio/{'f' * 40}.wav")
    assert response.status_code == 410


def test_a_transition_posted_by_someone_without_the_right_changes_nothing(people, site):
    for actor in ACTORS:
        fetch(people[actor], "POST", f"/admin/questions/question/{site['new']}/change/")
    question = Question.objects.get(pk=site["new"])
    assert question.status == Question.Status.NEW
    assert not Transition.objects.filter(question=question).exclude(action="submit").exists()


# --- security headers on the public URLs tests/test_production.py leaves out ---

CSP_MUST = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]


def assert_security_headers(response, url: str) -> None:
    csp = response["Content-Security-Policy"]
    for directive in CSP_MUST:
        assert directive in csp, (url, directive)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["X-Frame-Options"] == "DENY", url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


def test_public_urls_that_test_production_leaves_out_send_the_security_headers(visitor, site):
    # (url, extra request headers, status)
    urls = [
        ("/drugs/", {}, 200),
        ("/search/?q=ocrelizumab", {}, 200),
        ("/drugs/{drug}/", {}, 200),
        ("/feeds/category/treatment/", {}, 200),
        ("/questions/{qa}/reply/sent/", {}, 200),
        ("/questions/?page=99", {}, 404),
        ("/captcha/image/{captcha}/", {}, 200),
        ("/captcha/refresh/", XHR, 200),
        ("/ask/thanks/{token}/", {}, 200),
        ("/ask/status/{token}/", {}, 200),
        ("/ask/status/{token}/erase/", {}, 405),
    ]
    for template, headers, status in urls:
        url = template.format(**site)
        response = visitor.get(url, **headers)
        assert response.status_code == status, url
        assert_security_headers(response, url)
        assert response["Referrer-Policy"] in ("same-origin", "no-referrer"), url


def test_the_patients_private_pages_are_never_indexed_cached_or_referred(visitor, site):
    for url in [f"/ask/thanks/{site['token']}/", f"/ask/status/{site['token']}/"]:
        response = visitor.get(url)
        # The token in the address is never sent to another site.
        assert response["Referrer-Policy"] == "same-origin", url
        assert "noindex" in response["X-Robots-Tag"], url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_error_responses_send_the_security_headers_too(site, monkeypatch):
    from django.db import connection

    strict = Client(enforce_csrf_checks=True)
    assert_security_headers(strict.post("/ask/", {}), "403 (no CSRF token)")
    broken = Client(raise_request_exception=False)

    def down(*args, **kwargs):
        raise connection.OperationalError("the database is down")

    monkeypatch.setattr(connection, "cursor", down)
    response = broken.get("/archive/")
    assert response.status_code == 500
    assert_security_headers(response, "500")
