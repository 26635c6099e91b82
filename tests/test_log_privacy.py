"""No log line carries a patient's private status link, whatever logs it:
a failed CSRF check, a 404, a 500, the development server's request log."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.http import HttpRequest
from django.test import Client
from django.urls import path

from mscenter import urls as site_urls

pytestmark = pytest.mark.django_db

TOKEN = "s3cr3tT0kenForOnePatient" + "x" * 40  # 64 characters, like a real one


def boom(request: HttpRequest, token: str):
    raise RuntimeError(f"could not build {request.path}")


# Used by the 500 test (pytest.mark.urls): the real site, with its private
# URLs failing as a bug would make them.
urlpatterns = [
    path("ask/status/<str:token>/", boom),
    path("ask/thanks/<str:token>/", boom),
    # The site's own patterns, not included: its pages in other languages are
    # i18n_patterns, which Django allows only at the top of a URLconf.
    *site_urls.urlpatterns,
]
handler500 = site_urls.handler500


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log(caplog):
    """Everything logged: caplog, plus a handler placed FIRST on the root
    logger and on django.server (which does not propagate), so that no other
    handler's filter can have cleaned the record before it is seen."""
    caplog.set_level(logging.DEBUG)
    for name in ("django.request", "django.security.csrf", "django.server"):
        caplog.set_level(logging.DEBUG, logger=name)
    capture = Capture()
    loggers = [logging.getLogger(), logging.getLogger("django.server")]
    for logger in loggers:
        logger.handlers.insert(0, capture)
    yield lambda: "\n".join([*capture.lines, caplog.text])
    for logger in loggers:
        logger.removeHandler(capture)


@pytest.mark.parametrize(
    "url", [f"/ask/status/{TOKEN}/erase/", f"/ask/status/{TOKEN}/", f"/ask/thanks/{TOKEN}/"]
)
def test_a_failed_csrf_check_logs_no_status_token(log, url):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {}, HTTP_ORIGIN="https://attacker.example")
    assert response.status_code == 403
    text = log()
    assert "Forbidden (Origin checking failed" in text
    assert "/ask/status/[private]/" in text or "/ask/thanks/[private]/" in text
    assert TOKEN not in text


@pytest.mark.parametrize("url", [f"/ask/status/{TOKEN}/", f"/ask/thanks/{TOKEN}/?x=1"])
def test_a_not_found_logs_no_status_token(log, url):
    assert Client().get(url).status_code == 404
    text = log()
    assert "Not Found: /ask/" in text
    assert TOKEN not in text


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", [f"/ask/status/{TOKEN}/", f"/ask/thanks/{TOKEN}/"])
def test_a_server_error_logs_no_status_token_in_the_message_or_traceback(log, url):
    client = Client(raise_request_exception=False)
    assert client.get(url).status_code == 500
    text = log()
    assert "Internal Server Error: /ask/" in text
    assert "RuntimeError: could not build /ask/" in text
    assert TOKEN not in text


@pytest.mark.parametrize("status", ["200", "302", "404", "500"])
def test_the_development_server_request_log_has_no_status_token(log, status):
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)  # no socket needed to log
    handler.request = None
    handler.log_request_line = f"GET /ask/status/{TOKEN}/ HTTP/1.1"
    handler.log_message('"%s" %s %s', handler.log_request_line, status, "1234")
    text = log()
    assert '"GET /ask/status/[private]/ HTTP/1.1"' in text
    assert TOKEN not in text


def test_the_sites_own_console_handler_prints_no_status_token_from_any_logger():
    # What an operator reads: the handler configured in settings, whichever
    # logger (ours, Django's, a library's) the record came from.
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = console.setStream(stream)
    try:
        logging.getLogger("some.library").warning(
            "fetched https://ms.example.org/ask/thanks/%s/", TOKEN
        )
        logging.getLogger("questions").error("no status page for /ask/status/%s/erase/", TOKEN)
    finally:
        console.setStream(previous)
    printed = stream.getvalue()
    assert "/ask/thanks/[private]/" in printed and "/ask/status/[private]/erase/" in printed
    assert TOKEN not in printed
