"""The glossary's pages, and the pages that explain MS words in place, are
valid HTML by the Nu HTML Checker (as tests/test_html_validity.py checks every
other kind of page): the popover markup stays phrasing content inside <p> and
<li>."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
from django.core.management import call_command
from django.test import Client

from questions.models import Question
from tests.conftest import RENDERING_ONLY
from tests.test_html_validity import vnu_command

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles"), RENDERING_ONLY]


def test_glossary_pages_and_pages_that_link_to_it_are_valid_html(tmp_path):
    command = vnu_command()
    call_command("load_demo", stdout=io.StringIO())
    client = Client()
    # The demo Q&A that uses the most terms, in paragraphs and list items.
    pages = {
        "glossary index": "/glossary/",
        "term": "/glossary/lesion/",
        "term with an apostrophe": "/glossary/uhthoffs-phenomenon/",
        "drug page": "/drugs/ocrelizumab/",
        "drug page with a boxed warning": "/drugs/natalizumab/",
        **{
            f"Q&A {q.slug}": q.get_absolute_url()
            for q in Question.objects.published().order_by("pk")
        },
    }
    files = {}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        if name.startswith("Q&A") or name.startswith("drug"):
            assert b'class="glossary-popover"' in response.content, path
        files[name] = tmp_path / f"{len(files):02d}.html"
        files[name].write_bytes(response.content)
    result = subprocess.run(
        [*command, *map(str, files.values())], capture_output=True, text=True, timeout=300
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    by_file = {path.name: name for name, path in files.items()}
    errors = [
        f"{by_file.get(m.get('url', '').rpartition('/')[2])}: line {m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == [], "\n".join(errors)
