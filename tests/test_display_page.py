"""The display settings page over HTTP: public, cached like any page, linked
from every page's header, its script files our own and the page's head script
loaded before the stylesheets so that choices apply before the first paint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.factories import PublishedQuestionFactory

pytestmark = pytest.mark.django_db


def test_every_page_links_to_the_display_settings(visitor):
    question = PublishedQuestionFactory()
    for url in ["/", question.get_absolute_url(), "/drugs/", "/search/?q=fatigue"]:
        html = visitor.get(url).content.decode()
        assert '<a href="/display/">Text size and colors</a>' in html, url


def test_the_display_page_works_without_javascript_and_sets_no_cookie(visitor):
    response = visitor.get("/display/")
    assert response.status_code == 200
    assert not response.cookies
    html = response.content.decode()
    assert '<form id="display-form" class="display-form" hidden>' in html
    assert "These choices need JavaScript" in html
    assert "hold <kbd>Ctrl</kbd>" in html


def test_the_choices_are_applied_by_a_script_of_ours_before_the_stylesheets(visitor):
    head = visitor.get("/").content.decode().split("</head>")[0]
    apply = head.index('<script src="/static/js/display-apply.js"></script>')
    assert apply < head.index('rel="stylesheet"')
    # Loaded, not deferred, so it runs before the first paint; and no inline script.
    assert re.findall(r"<script(?![^>]*\bsrc=)", head) == []
    assert finders.find("js/display-apply.js")


def test_the_plainer_font_is_served_from_our_own_files_with_its_licence():
    css = Path(finders.find("css/reading.css")).read_text()
    fonts = re.findall(r'url\("([^"]+\.woff2)"\)', css)
    assert len(fonts) == 4
    for font in fonts:
        assert finders.find(font.removeprefix("../")), font
    assert finders.find("vendor/atkinson-hyperlegible/OFL.txt")
