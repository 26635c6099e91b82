"""Two clinicians replying to one comment at the same moment: both replies are
published, and the commenter who asked is emailed once, never twice."""

from __future__ import annotations

import pytest

from core.models import OutgoingEmail
from questions import services
from questions.models import Comment, CommentReply
from tests.conftest import role
from tests.factories import CommentFactory, ExpertProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "asked.once@reader-private.test"


def test_two_replies_at_once_queue_one_email(run_in_threads):
    comment = CommentFactory(author_email=ADDRESS, notify_reply=True)
    clinicians = []
    for name in ("dr.first", "dr.second"):
        profile = ExpertProfileFactory(user__username=name)
        profile.user.groups.add(role("Experts"))
        clinicians.append(profile.user)

    results = run_in_threads(
        *[
            lambda user=user: services.comment_reply(
                comment_id=comment.pk, actor=user, body=f"A reply from {user.username}."
            )
            for user in clinicians
        ]
    )
    assert all(isinstance(result, CommentReply) for result in results), results

    def stored() -> tuple:
        # Read where the threads wrote (on SQLite, a file copy of the test database).
        return (
            CommentReply.objects.count(),
            list(OutgoingEmail.objects.values_list("to", "subject")),
            Comment.objects.values_list("author_email", "notify_reply").get(pk=comment.pk),
        )

    [(replies, emails, comment_now)] = run_in_threads(stored)
    assert replies == 2
    assert emails == [(ADDRESS, "A reply to your comment")]
    assert comment_now == ("", False)
