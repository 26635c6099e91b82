"""What the patient typed and who they are never reaches a public page, feed or sitemap."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import CommentFactory, PublishedQuestionFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

PRIVATE = [
    SubmissionFactory.name,
    "Privatename",
    SubmissionFactory.email,
    "Springfield",
    SubmissionFactory.original_text[:40],
    CommentFactory.author_email,
    CommentFactory.author_name,
    "Theodora",
]


def test_patient_and_commenter_details_appear_on_no_public_url(visitor: Client):
    question = PublishedQuestionFactory(category__name="Treatment", category__slug="treatment")
    CommentFactory(question=question)
    urls = [
        "/",
        "/questions/",
        question.get_absolute_url(),
        "/archive/",
        f"/archive/{timezone.localtime(question.published_at):%Y/%m}/",
        "/category/treatment/",
        "/feeds/latest/",
        "/feeds/category/treatment/",
        "/sitemap.xml",
        "/robots.txt",
        "/questions/does-not-exist/",
    ]
    for url in urls:
        body = visitor.get(url).content.decode()
        for secret in PRIVATE:
            assert secret not in body, (url, secret)
