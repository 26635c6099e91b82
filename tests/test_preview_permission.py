"""What the public cannot see (a withdrawn Q&A, a draft drug entry) opens only
for staff whose role edits it; being staff is not enough."""

from __future__ import annotations

import pytest

from questions import services
from tests.conftest import client_for
from tests.factories import DrugFactory, PublishedQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(moderator):
    withdrawn = PublishedQuestionFactory(title="An outdated answer")
    services.question_withdraw(question_id=withdrawn.pk, actor=moderator, note="outdated")
    draft = DrugFactory(generic_name="draftumab", is_published=False)
    return {"question": f"/questions/{withdrawn.slug}/", "drug": f"/drugs/{draft.slug}/"}


# fmt: off
PREVIEW = [
    # role,                 withdrawn Q&A, draft drug
    ("staff_without_role",  404,           404),
    ("moderator",           200,           404),
    ("expert",              200,           200),
    ("superuser",           200,           200),
]
# fmt: on


@pytest.mark.parametrize(("role", "question", "drug"), PREVIEW)
def test_only_the_role_that_edits_it_previews_what_the_public_cannot_see(
    request, hidden, role, question, drug
):
    client = client_for(request.getfixturevalue(role))
    assert client.get(hidden["question"]).status_code == question
    assert client.get(hidden["drug"]).status_code == drug


def test_a_staff_member_without_a_role_learns_nothing_of_a_withdrawn_answer(
    staff_without_role, hidden
):
    page = client_for(staff_without_role).get(hidden["question"])
    assert "An outdated answer" not in page.content.decode()
