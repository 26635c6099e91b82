"""A glossary term saved in the admin makes its other names search synonyms at
once: a reader who types "spinal tap" finds the answer about the lumbar puncture."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from tests.conftest import client_for
from tests.factories import PublishedQuestionFactory

pytestmark = pytest.mark.django_db


def test_a_term_saved_in_the_admin_makes_its_other_names_find_answers(
    expert, visitor, django_capture_on_commit_callbacks
):
    importlib.import_module("glossary.migrations.0002_experts_keep_the_glossary").grant(apps, None)
    question = PublishedQuestionFactory(
        title="Do I need the test with the needle?",
        answer_source="A lumbar puncture can help confirm the diagnosis.",
    )
    assert question.get_absolute_url() not in visitor.get("/search/?q=spinal+tap").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(expert).post(
            "/admin/glossary/term/add/",
            {
                "name": "lumbar puncture",
                "slug": "lumbar-puncture",
                "other_names": "spinal tap",
                "explanation": "A test that takes a little fluid from your lower back.",
                "source_note": "MedlinePlus",
                "reviewed_by": expert.expert_profile.pk,
                "reviewed_on": "2026-11-02",
                "is_published": "on",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert question.get_absolute_url() in visitor.get("/search/?q=spinal+tap").content.decode()
