"""The demo site looks alive whatever day it is loaded: its dates are counted back
from that day, not fixed in the calendar."""

from __future__ import annotations

import datetime
import io
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.models import OutgoingEmail
from drugs import demo_files as drugs_demo_files
from drugs.models import Drug
from questions import demo_files as questions_demo_files
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


def test_every_demo_question_was_submitted_through_the_ask_service(db):
    call_command("load_demo", stdout=io.StringIO())
    submitted = Transition.objects.filter(action="submit", from_status="", to_status="new")
    files = len(list((questions_demo_files.DEMO_DIR / "qas").glob("*.md")))
    assert submitted.count() == files == Question.objects.count()
    for question in Question.objects.all():
        audit = question.transitions.get(action="submit")
        assert audit.created_at == question.submitted_at, question.title


def test_the_moderators_are_not_mailed_about_the_demo_questions(settings):
    settings.MODERATOR_EMAILS = ["triage@clinic.example"]
    call_command("load_demo", stdout=io.StringIO())
    assert not OutgoingEmail.objects.exists()


@pytest.fixture
def demo_copy(tmp_path, monkeypatch):
    """A copy of the demo files that a test may spoil, read instead of the real ones."""
    shutil.copytree(questions_demo_files.DEMO_DIR, tmp_path / "questions")
    shutil.copytree(drugs_demo_files.DEMO_DIR, tmp_path / "drugs")
    monkeypatch.setattr(questions_demo_files, "DEMO_DIR", tmp_path / "questions")
    monkeypatch.setattr(drugs_demo_files, "DEMO_DIR", tmp_path / "drugs")
    return tmp_path


def spoil(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_demo_qa_without_a_title_is_refused_naming_the_file(demo_copy):
    spoil(
        demo_copy / "questions/qas/05-why-am-i-so-tired-all-the-time-and-what.md",
        'title = "Why am I so tired all the time, and what can help?"\n',
        "",
    )
    with pytest.raises(
        CommandError, match=r"05-why-am-i-so-tired-all-the-time-and-what\.md: missing title"
    ):
        call_command("load_demo", stdout=io.StringIO())
    assert not Question.objects.exists(), "nothing is loaded from a broken demo"


def test_a_demo_qa_in_an_unknown_category_is_refused_naming_the_file(demo_copy):
    spoil(
        demo_copy / "questions/qas/10-is-it-safe-to-exercise-with-ms.md",
        'category = "living-with-ms"',
        'category = "living-with-mss"',
    )
    with pytest.raises(
        CommandError,
        match=r"10-is-it-safe-to-exercise-with-ms\.md: unknown category 'living-with-mss'",
    ):
        call_command("load_demo", stdout=io.StringIO())
    assert not Question.objects.exists()


def test_a_demo_drug_with_a_misspelt_field_is_refused_naming_the_file(demo_copy):
    spoil(demo_copy / "drugs/04-mitoxantrone.toml", "\nsummary =", "\nsumary =")
    with pytest.raises(CommandError, match=r"04-mitoxantrone\.toml: missing summary"):
        call_command("load_demo_drugs", stdout=io.StringIO())
    assert not Drug.objects.exists()


def test_the_demo_shows_translations_out_of_date_and_a_question_asked_in_spanish(visitor):
    call_command("load_demo", stdout=io.StringIO())
    # Clinical: the English gained advice, so the Spanish page is taken down.
    heat = Question.objects.get(title__startswith="Why do my symptoms get worse in hot")
    page = visitor.get(f"/es/questions/{heat.slug}/").content.decode()
    assert "Esta respuesta se está actualizando" in page
    assert "se me pone borrosa la vista" not in page
    # Editorial: the Spanish stays, saying which English it follows.
    exercise = Question.objects.get(title__startswith="Is it safe to exercise")
    page = visitor.get(f"/es/questions/{exercise.slug}/").content.decode()
    assert "Esta traducción sigue la respuesta en inglés firmada el" in page
    assert "<h1" in page and "Esta respuesta se está actualizando" not in page
    # A patient asked in Spanish; the question waits for triage.
    asked = Question.objects.get(language="es")
    assert asked.status == Question.Status.NEW
