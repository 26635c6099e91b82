"""Thousands of malformed requests, public and staff pages, as a stranger and
as the site administrator: none may be answered with a server error.

Each request is drawn from a seeded random generator (the same requests on
every run): bad cookies (NUL bytes, huge or garbage session and CSRF
tokens), NUL bytes and odd unicode in paths, query strings, headers and
form fields, extreme numbers, and every HTTP method."""

from __future__ import annotations

import collections
import random
from urllib.parse import quote

import pytest
from django.test import Client

from questions import services
from questions.models import Comment
from tests.conftest import client_for
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    DrugFactory,
    PublishedQuestionFactory,
)
from tests.forms import ASK_FIELDS

pytestmark = pytest.mark.django_db

REQUESTS_PER_PERSON = 1100
SEED = 20260101

HOSTILE = [
    "",
    "\x00",
    "\x00" * 64,
    "a\x00b",
    "%00",
    "%",
    "%%",
    "%zz",
    "%ff%fe",
    "-1",
    "0",
    "00",
    "1.5",
    "1e9",
    "99999999999999999999",
    "-99999999999999999999",
    "9" * 300,
    "last",
    "NaN",
    "a" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"',
    "../../etc/passwd",
    "\r\nSet-Cookie: x=1",
    "\t \n",
    "\u202egnp.exe",
    "\u200b\u200d\ufeff",
    "\uffff",
    "İı",
    "ǅ\u0301\u0301\u0301",
    "🧠💊",
    "漢字テキスト",
    "ﷺ" * 50,
    "\x7f\x1b[31m",
    "null",
    "true",
    "[]",
    "{}",
]

PARAMETERS = [
    "page",
    "q",
    "p",
    "status",
    "ms_type",
    "route",
    "o",
    "e",
    "next",
    "status__exact",
    "category__id__exact",
    "queue",
    "mine",
    "_changelist_filters",
    "_to_field",
    "_popup",
    "erased",
    "utm_source",
    "\x00",
]

FORM_FIELDS = [
    *ASK_FIELDS,
    "comment",
    "username",
    "password",
    "action",
    "_selected_action",
    "select_across",
    "index",
    "post",
    "note",
    "expert",
    "reason",
    "title",
    "body",
    "answer_source",
    "comments_closed",
    "status",
    "slug",
    "generic_name",
    "csrfmiddlewaretoken",
    "_save",
    "_continue",
]

# Values that get a form past its first checks, so that the hostile ones
# beside them reach deeper (a real bulk action, with a bad id selected).
REAL_VALUES = {
    "action": [
        "publish_selected",
        "approve",
        "reject",
        "mark_spam",
        "relink_selected",
        "delete_selected",
        "assign",
        "publish",
        "withdraw",
    ],  # fmt: skip
    "index": ["0"],
    "post": ["yes"],
}

METHODS = ["GET"] * 10 + ["POST"] * 5 + ["HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"]


@pytest.fixture
def site(moderator, expert):
    category = CategoryFactory(name="Treatment", slug="treatment")
    qa = PublishedQuestionFactory(category=category)
    withdrawn = PublishedQuestionFactory(category=category)
    services.question_withdraw(question_id=withdrawn.pk, actor=moderator, note="outdated")
    new, token = services.question_submit(
        subject="A new question",
        text="A question that nobody has triaged yet, long enough.",
        category=None,
        name="Pat",
        email="pat@example.org",
        notify=True,
        client_address="192.0.2.1",
        form_token="fuzz",
    )
    comment = CommentFactory(question=qa, status=Comment.Status.PENDING)
    drug = DrugFactory(generic_name="ocrelizumab")
    return {
        "qa": qa.slug,
        "withdrawn": withdrawn.slug,
        "token": token,
        "drug": drug.slug,
        "qa_id": str(qa.pk),
        "new_id": str(new.pk),
        "comment_id": str(comment.pk),
        "drug_id": str(drug.pk),
        "month": f"{qa.published_at:%Y/%m}",
    }


def paths(site: dict[str, str]) -> list[str]:
    """Every kind of page, with {} where a hostile segment may replace a real one."""
    return [
        "/",
        "/questions/",
        f"/questions/{site['qa']}/",
        f"/questions/{site['withdrawn']}/",
        "/questions/{}/",
        f"/questions/{site['qa']}/reply/",
        f"/questions/{site['qa']}/reply/sent/",
        "/questions/{}/reply/",
        "/archive/",
        f"/archive/{site['month']}/",
        "/archive/{}/{}/",
        "/archive/9999/12/",
        "/archive/0000/00/",
        "/archive/99999999/99/",
        "/category/treatment/",
        "/category/{}/",
        "/search/",
        "/ask/",
        f"/ask/thanks/{site['token']}/",
        f"/ask/status/{site['token']}/",
        f"/ask/status/{site['token']}/erase/",
        "/ask/status/{}/",
        "/ask/status/{}/erase/",
        "/ask/thanks/{}/",
        "/drugs/",
        f"/drugs/{site['drug']}/",
        "/drugs/{}/",
        "/feeds/latest/",
        "/feeds/category/treatment/",
        "/feeds/category/{}/",
        "/sitemap.xml",
        "/robots.txt",
        "/captcha/refresh/",
        "/captcha/image/{}/",
        "/captcha/audio/{}.wav",
        "/{}",
        "/admin/",
        "/admin/login/",
        "/admin/logout/",
        "/admin/password_change/",
        "/admin/jsi18n/",
        "/admin/autocomplete/",
        "/admin/questions/question/",
        f"/admin/questions/question/{site['new_id']}/change/",
        f"/admin/questions/question/{site['qa_id']}/preview/",
        f"/admin/questions/question/{site['qa_id']}/history/",
        "/admin/questions/question/{}/change/",
        "/admin/questions/question/{}/preview/",
        "/admin/questions/question/?status__exact={}",
        "/admin/questions/question/?q={}&queue={}",
        "/admin/questions/question/?category__id__exact={}",
        "/admin/questions/comment/",
        "/admin/questions/comment/?status__exact={}",
        "/admin/drugs/drug/?status__exact={}&group__exact={}",
        "/admin/drugs/drug/?reviewed_by__id__exact={}",
        f"/admin/questions/comment/{site['comment_id']}/change/",
        "/admin/questions/category/",
        "/admin/questions/category/add/",
        "/admin/questions/expertprofile/",
        "/admin/questions/answer/",
        "/admin/questions/transition/",
        "/admin/core/outgoingemail/",
        "/admin/drugs/drug/",
        "/admin/drugs/drug/add/",
        f"/admin/drugs/drug/{site['drug_id']}/change/",
        "/admin/drugs/drug/{}/delete/",
        "/admin/auth/user/",
        "/admin/auth/user/{}/password/",
        "/admin/r/{}/{}/",
    ]


def hostile(rng: random.Random) -> str:
    value = rng.choice(HOSTILE)
    if rng.random() < 0.3:
        value = rng.choice(HOSTILE) + value + rng.choice(HOSTILE)
    return value


def cookie_header(rng: random.Random, client: Client) -> str:
    """The client's own cookies (a signed-in session stays signed in) plus junk."""
    own = [f"{morsel.key}={morsel.coded_value}" for morsel in client.cookies.values()]
    junk = rng.choice(
        [
            "sessionid=" + "\x00" * 32,
            'sessionid="\\000\\000\\000\\000\\000\\000\\000\\000"',
            "sessionid=" + "z" * 8000,
            "sessionid=0123456789abcdefghijklmnopqrstuv",
            "csrftoken=" + "\x00" * 64,
            "csrftoken=" + "!" * 64,
            "csrftoken=" + "a" * 5000,
            "staff=1",
            "staff=1:abc:def",
            "=; ;;=;",
            "sessionid=%00; csrftoken=%00",
            "\x00=\x00",
            "messages=" + "x" * 300,
            "messages=W1siX19qc29uX21lc3NhZ2UiXV0:1abc:bad",
        ]
    )
    return "; ".join([*own, junk]) if rng.random() < 0.5 else junk


def one_request(rng: random.Random, client: Client, site: dict[str, str]):
    path = rng.choice(paths(site))
    while "{}" in path:
        path = path.replace("{}", quote(hostile(rng), safe=""), 1)
    if rng.random() < 0.1:
        path = path.rstrip("/") + quote(hostile(rng), safe="/%")
    query = "&".join(
        f"{quote(rng.choice(PARAMETERS), safe='')}={quote(hostile(rng), safe='')}"
        for _ in range(rng.randint(0, 4))
    )
    url = f"{path}{'&' if '?' in path else '?'}{query}" if query else path
    headers = {}
    if rng.random() < 0.5:
        headers["HTTP_COOKIE"] = cookie_header(rng, client)
    for header in ("HTTP_REFERER", "HTTP_ORIGIN", "HTTP_USER_AGENT", "HTTP_ACCEPT_LANGUAGE",
                   "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_X_FORWARDED_FOR",
                   "HTTP_X_REQUESTED_WITH", "HTTP_RANGE", "HTTP_ACCEPT"):  # fmt: skip
        if rng.random() < 0.1:
            headers[header] = hostile(rng)
    if rng.random() < 0.03:
        headers["HTTP_HOST"] = rng.choice(
            ["evil.example", "testserver:99999999", "\x00", "", "[::1"]
        )
    method = rng.choice(METHODS)
    if method == "POST" and rng.random() < 0.15:
        body = hostile(rng).encode("utf-8", "surrogatepass")
        content_type = rng.choice(
            ["application/json", "multipart/form-data; boundary=x", "text/plain", "\x00"]
        )
        return client.generic("POST", url, body, content_type=content_type, **headers)
    if method == "POST":
        data = {}
        for _ in range(rng.randint(0, 8)):
            name = rng.choice(FORM_FIELDS)
            if name in REAL_VALUES and rng.random() < 0.7:
                data[name] = rng.choice(REAL_VALUES[name])
            else:
                data[name] = [hostile(rng) for _ in range(rng.randint(1, 2))]
        return client.post(url, data, **headers)
    if method in ("GET", "HEAD", "OPTIONS", "TRACE", "DELETE"):
        return getattr(client, method.lower())(url, **headers)
    return client.generic(method, url, hostile(rng).encode(), **headers)


@pytest.mark.parametrize("person", ["anonymous", "superuser"])
def test_malformed_requests_never_cause_a_server_error(request, site, person, settings):
    # The limits would soon answer 429 to everything; the views behind them are the point.
    settings.ASK_RATE_LIMIT = settings.COMMENT_RATE_LIMIT = "100000/h"
    settings.ADMIN_LOGIN_RATE_LIMIT = "100000/h"
    if person == "anonymous":
        client = Client(raise_request_exception=False)
    else:
        client = client_for(request.getfixturevalue("superuser"))
        client.raise_request_exception = False
    rng = random.Random(f"{SEED}-{person}")
    sent, errors, statuses = 0, [], collections.Counter()
    for _ in range(REQUESTS_PER_PERSON):
        response = one_request(rng, client, site)
        sent += 1
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            errors.append((response.request["REQUEST_METHOD"], response.request["PATH_INFO"],
                           response.request.get("QUERY_STRING"), response.status_code))  # fmt: skip
        session = client.cookies.get("sessionid")
        if person == "superuser" and (session is None or not session.value):
            # Signed out by a fuzzed logout, or by a junk session cookie sent
            # in place of the real one: sign in again.
            client = client_for(request.getfixturevalue("superuser"))
            client.raise_request_exception = False
    print(f"fuzz as {person}: {sent} requests sent, {len(errors)} server errors, {dict(statuses)}")
    assert errors == []
