"""The demo site looks alive whatever day it is loaded: its dates are counted back
from that day, not fixed in the calendar."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from drugs.models import Drug
from questions.models import Comment, Question, Transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]


@pytest.mark.parametrize(
    "today", [datetime.date(2026, 11, 30), datetime.date(2027, 3, 2), datetime.date(2029, 8, 15)]
)
def test_the_demo_is_dated_back_from_the_day_it_is_loaded(monkeypatch, visitor, today):
    morning = timezone.make_aware(datetime.datetime.combine(today, datetime.time(8)))
    monkeypatch.setattr(timezone, "now", lambda: morning)
    call_command("load_demo", stdout=io.StringIO())

    published = Question.objects.published().order_by("-published_at")
    newest, oldest = published.first(), published.last()
    assert datetime.timedelta(0) < morning - newest.published_at < datetime.timedelta(weeks=5)
    assert morning - oldest.published_at > datetime.timedelta(days=120), "over past months"
    assert newest.accepts_comments
    reply = visitor.get(f"/questions/{newest.slug}/reply/")
    assert "Post comment" in reply.content.decode()

    # Nothing is dated in the future.
    assert not Question.objects.filter(submitted_at__gt=morning).exists()
    assert not Transition.objects.filter(created_at__gt=morning).exists()
    assert not Comment.objects.filter(created_at__gt=morning).exists()
    assert not Drug.objects.filter(reviewed_on__gt=today).exists()
    newest_review = Drug.objects.order_by("-reviewed_on").first().reviewed_on
    assert today - newest_review < datetime.timedelta(weeks=10)
