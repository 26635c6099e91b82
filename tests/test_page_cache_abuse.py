"""Nobody outside can make the page cache work for them: a made-up session
cookie or query string gets the cached page, and a cache that is full or
down makes pages slower, never broken."""

from __future__ import annotations

import shutil
import socket
import subprocess

import pytest
from django.contrib.sessions.models import Session
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client

from tests.factories import CategoryFactory, PublishedQuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_COOKIE = "staff"  # the signed marker a staff sign-in sets

WELL_FORMED_BUT_UNKNOWN_SESSION = "0123456789abcdefghijklmnopqrstuv"


@pytest.fixture
def site(db):
    category = CategoryFactory(name="Treatment", slug="treatment")
    return PublishedQuestionFactory(title="Fatigue in the afternoon", category=category)


@pytest.mark.parametrize(
    "cookie", ["junk", "\x00" * 40, "x" * 4000, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"]
)
def test_a_junk_session_cookie_gets_the_cached_page(site, cookie, django_assert_num_queries):
    first = Client().get("/questions/")
    client = Client()
    client.cookies["sessionid"] = cookie
    with django_assert_num_queries(0):
        again = client.get("/questions/")
    assert again.status_code == 200
    assert again["ETag"] == first["ETag"]


def test_an_unknown_session_key_gets_the_cached_page_and_stores_nothing(
    site, django_assert_max_num_queries
):
    first = Client().get("/questions/")
    client = Client()
    client.cookies["sessionid"] = WELL_FORMED_BUT_UNKNOWN_SESSION
    with django_assert_max_num_queries(1):  # looking the key up, nothing else
        again = client.get("/questions/")
    assert again["ETag"] == first["ETag"]
    assert again.cookies["sessionid"].value == ""  # deleted, not replaced by a new session
    assert not Session.objects.exists()


@pytest.mark.parametrize("marker", ["1", "1:forged:signature", "", "\x00"])
def test_a_forged_staff_cookie_gets_the_cached_page(site, marker, django_assert_max_num_queries):
    first = Client().get("/questions/")
    client = Client()
    client.cookies["sessionid"] = WELL_FORMED_BUT_UNKNOWN_SESSION
    client.cookies[STAFF_COOKIE] = marker
    with django_assert_max_num_queries(1):  # looking the session key up
        again = client.get("/questions/")
    assert again["ETag"] == first["ETag"]


def test_staff_signed_in_through_the_form_bypass_the_cache_until_they_sign_out(site):
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    Client().get("/questions/")  # cached for the public
    browser = Client()
    signed_in = browser.post(
        "/admin/login/", {"username": "editor", "password": "a-long-test-password"}
    )
    assert signed_in.status_code == 302
    marker = signed_in.cookies[STAFF_COOKIE]
    assert marker["httponly"] and marker["samesite"] == "Lax"
    assert "private" in browser.get("/questions/")["Cache-Control"]

    signed_out = browser.post("/admin/logout/")
    assert signed_out.cookies[STAFF_COOKIE].value == ""
    assert browser.get("/questions/")["Cache-Control"] == "public, no-cache"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("/?b=1", "/?b=2"),
        ("/", "/?utm_source=mail&x=%00"),
        ("/questions/?page=1", "/questions/?page=1&b=9"),
        ("/questions/?page=1", "/questions/?page=01"),
        ("/questions/?page=1", "/questions/?b=1&page=0001"),
        ("/search/?q=fatigue", "/search/?q=%20fatigue%20%20&b=2"),
        ("/drugs/?status=nonsense", "/drugs/?status=other-nonsense"),
        ("/drugs/", "/drugs/?b=1"),
        ("/sitemap.xml", "/sitemap.xml?b=1"),
        ("/feeds/latest/", "/feeds/latest/?b=1"),
    ],
)
def test_parameters_a_page_does_not_read_make_no_new_cache_entry(
    site, first, second, django_assert_num_queries
):
    visitor = Client()
    assert visitor.get(first).status_code == 200
    # A search is counted for the clinic outside the page cache (search.misses):
    # its published words and the count, and nothing of building the page.
    counting = 8 if second.startswith("/search/") else 0
    with django_assert_num_queries(counting) as captured:
        assert visitor.get(second).status_code == 200
    assert not any("search_fts" in q["sql"] or "search_searchentry" in q["sql"] for q in captured)


def test_parameters_a_page_reads_still_choose_the_page(site):
    visitor = Client()
    assert "Fatigue in the afternoon" in visitor.get("/search/?q=fatigue").content.decode()
    assert "Fatigue in the afternoon" not in visitor.get("/search/?q=tremor").content.decode()


class FullCache(LocMemCache):
    """A cache that can be read but refuses every write, as Redis does at
    maxmemory with the noeviction policy ("OOM command not allowed")."""

    def _refuse(self, *args, **kwargs):
        raise RuntimeError("OOM command not allowed when used memory > 'maxmemory'.")

    add = set = set_many = incr = get_or_set = _refuse


class DownCache(FullCache):
    """A cache that answers nothing at all (the server is unreachable)."""

    get = get_many = FullCache._refuse


PUBLIC_PAGES = [
    "/",
    "/questions/",
    "/archive/",
    "/category/treatment/",
    "/search/?q=fatigue",
    "/drugs/",
    "/feeds/latest/",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.mark.parametrize("backend", [FullCache, DownCache])
def test_a_full_or_unreachable_cache_still_serves_every_public_page(site, settings, backend):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.{backend.__name__}"}}
    visitor = Client(raise_request_exception=False)
    for url in [*PUBLIC_PAGES, site.get_absolute_url()] * 2:
        assert visitor.get(url).status_code == 200, url


@pytest.fixture
def full_redis(tmp_path):
    """A Redis of our own at its memory limit with the noeviction policy: it
    refuses every write ("OOM command not allowed") and still answers reads."""
    redis = pytest.importorskip("redis")
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603 - the system's redis-server
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
            "--maxmemory",
            "4mb",
            "--maxmemory-policy",
            "noeviction",
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_connect_timeout=0.2)
    try:
        for _ in range(200):  # until it accepts connections (at most ~40 s)
            try:
                client.ping()
                break
            except redis.ConnectionError:
                process.poll()
                if process.returncode is not None:
                    pytest.skip("redis-server did not start")
        filler = b"x" * 64 * 1024
        with pytest.raises(redis.exceptions.ResponseError, match="maxmemory"):
            for n in range(1000):
                client.set(f"filler:{n}", filler)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait()


def test_a_redis_at_its_memory_limit_still_serves_every_public_page(site, settings, full_redis):
    settings.CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": full_redis}}
    visitor = Client(raise_request_exception=False)
    for url in [*PUBLIC_PAGES, site.get_absolute_url()] * 2:
        assert visitor.get(url).status_code == 200, url
