"""The Q&A page costs the same queries with 3 or 30 comments, each with replies
from clinicians: replies come in one query for all comments, never one per comment."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from questions.models import Comment, CommentReply
from tests.factories import ExpertProfileFactory, PublishedQuestionFactory

pytestmark = pytest.mark.django_db

# the Q&A with its signed answer and category; its approved comments; their
# replies with the clinicians who signed them; the therapies it names; its related
# Q&As; the published glossary terms; sidebar
QA_PAGE = 7


@pytest.mark.parametrize("size", [3, 30])
def test_the_qa_page_costs_the_same_queries_however_many_comments_have_replies(
    visitor, django_assert_num_queries, size
):
    qa = PublishedQuestionFactory()
    clinicians = [ExpertProfileFactory() for _ in range(2)]
    comments = Comment.objects.bulk_create(
        Comment(question=qa, author_name="A reader", body=f"Comment {n}", status="approved")
        for n in range(size)
    )
    CommentReply.objects.bulk_create(
        CommentReply(
            comment=comment,
            author=clinician.user,
            expert=clinician,
            signed_as=clinician.display_name,
            body=f"Reply {n} from {clinician.display_name}",
        )
        for n, comment in enumerate(comments)
        for clinician in clinicians
    )
    cache.clear()
    with django_assert_num_queries(QA_PAGE):
        response = visitor.get(qa.get_absolute_url())
    html = response.content.decode()
    assert html.count("Reply from ") == 2 * size
    assert f"{size} Comments" in html
    assert f"Reply {size - 1} from {clinicians[1].display_name}" in html
