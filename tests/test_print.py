"""What a page carries for paper: the print stylesheet and the page's own address
(the printing itself is checked in Chromium, tests/journeys/test_printer.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PublishedQuestionFactory

pytestmark = pytest.mark.django_db


def test_a_qa_page_carries_its_full_address_for_paper(visitor: Client, settings):
    settings.SITE_URL = "https://ms.example.org"
    qa = PublishedQuestionFactory(title="What happens on an infusion day?")
    html = visitor.get(qa.get_absolute_url() + "?utm_source=somewhere").content.decode()
    assert (
        '<p class="print-only print-address">This page: '
        f"https://ms.example.org{qa.get_absolute_url()}</p>"
    ) in html
    assert "utm_source" not in html  # the cached page is everyone's: no query echoed
    assert 'href="/static/css/print.css"' in html


def test_an_error_page_prints_no_address(visitor: Client):
    html = visitor.get("/questions/no-such-question/").content.decode()
    assert "print-address" not in html and "no-such-question" not in html
