"""`manage.py generate_large_dataset`: a large, plainly fake data set for
measuring the site at scale (`scripts/benchmark`, `tests/test_explain.py`).

By default: 50,000 published Q&As over 15 years in 20 categories, 200,000
comments (most approved, some pending, rejected or spam), about 300 questions
waiting (new or assigned, each with its patient's submission) and 3
clinicians. Every title, name and category says "Sample" and every address is
at example.invalid, so none of it can pass for the demo (`load_demo`) or for
real content. Running it again adds another set, numbered after the first.

It is fast because it writes rows in bulk instead of through the services:

* rows are built in memory and inserted with `bulk_create`, a batch at a time;
* the few answer texts are rendered to HTML once each, not once per row, and
  which therapies a Q&A names (the drug reference's links) is worked out once
  per combination of texts, with the drug reference's own matching;
* a published Q&A and its signed answer point at each other, so the ids of
  both are drawn from their tables' sequences first and each row goes in
  complete; the foreign keys are checked when the transaction commits.

Left out, because no page reads them: the audit rows (`Transition`) and the
(by now erased) patient submissions of published Q&As. Afterwards the page
cache is told that content changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from core.cache import content_changed
from core.text import render_answer
from demo.bulk_ids import reserve_ids
from demo.sample_texts import (
    ANSWER_SOURCES,
    COMMENT_BODIES,
    COMMENT_STATES,
    QUESTION_BODIES,
    QUESTION_SUBJECTS,
    TOPICS,
    Texts,
)
from drugs.models import Drug, DrugMention
from drugs.services import signed_public_text
from questions.models import (
    Answer,
    Category,
    Comment,
    ExpertProfile,
    PatientSubmission,
    Question,
    signed_content_hash,
)

BATCH = 2000
TITLE_PREFIX = "Sample question "
SLUG_PREFIX = "sample-question-"


@dataclass(frozen=True)
class RenderedAnswer:
    source: str
    html: str


@dataclass(frozen=True)
class Signer:
    profile_id: int
    user_id: int
    signature_block: str


def _hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Command(BaseCommand):
    help = (
        'Add a large, plainly fake data set ("Sample question 1"...) for load tests: '
        "published Q&As with signed answers, comments and waiting questions. "
        "Never use it on a real site."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--questions", type=int, default=50_000, help="Published Q&As.")
        parser.add_argument("--comments", type=int, default=200_000, help="Comments.")
        parser.add_argument(
            "--years", type=int, default=15, help="Spread publication over this many years."
        )
        parser.add_argument("--categories", type=int, default=20, help="Sample categories.")
        parser.add_argument(
            "--pending",
            type=int,
            default=None,
            help="Questions waiting (new or assigned); default 0.6%% of --questions, at least 5.",
        )
        parser.add_argument("--experts", type=int, default=3, help="Sample clinicians (2-4).")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: same seed, same data."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        n_questions, n_comments = options["questions"], options["comments"]
        n_categories, years, n_experts = options["categories"], options["years"], options["experts"]
        n_pending = options["pending"]
        if n_pending is None:
            n_pending = max(5, round(n_questions * 0.006))
        if n_questions < 1 or n_comments < 0 or n_pending < 0:
            raise CommandError(
                "--questions must be at least 1; --comments, --pending not negative."
            )
        if not 1 <= n_categories <= 99 or years < 1 or not 2 <= n_experts <= 4:
            raise CommandError("Use 1-99 categories, at least 1 year and 2-4 experts.")

        self.rng = random.Random(options["seed"])  # noqa: S311 - sample data, not secrets
        self.now = timezone.now()
        started = time.monotonic()
        with transaction.atomic():
            first = Question.objects.filter(title__startswith=TITLE_PREFIX).count() + 1
            categories = self._categories(n_categories)
            signers = self._experts(n_experts)
            moderator = self._moderator()
            answers = [RenderedAnswer(src, render_answer(src)) for src in ANSWER_SOURCES]
            published = self._published(first, n_questions, years, categories, signers, answers)
            links = self._drug_links(published, answers)
            t_questions = time.monotonic()
            self._comments(published, n_comments, moderator)
            t_comments = time.monotonic()
            self._pending(first + n_questions, n_pending, categories, signers, answers)
        t_commit = time.monotonic()
        if connection.vendor == "postgresql":
            # What autovacuum does soon after such a load: fresh statistics (else
            # the planner guesses row counts of a table it saw empty) and the
            # visibility map (else a count read from an index still visits
            # every row it counts). VACUUM cannot run inside a transaction (a
            # test's): there, the statistics alone.
            vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                for model in (Question, Answer, Comment, PatientSubmission, Category, DrugMention):
                    cursor.execute(f"{vacuum} {connection.ops.quote_name(model._meta.db_table)}")
        content_changed()
        finished = time.monotonic()
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {n_questions:,} published Q&As over {years} years in {len(categories)} "
                f"categories ({links:,} links to the drug reference), {n_comments:,} comments "
                f"and {n_pending:,} waiting questions in {finished - started:.1f} s "
                f"(Q&As {t_questions - started:.1f} s, comments {t_comments - t_questions:.1f} s, "
                f"waiting questions and commit {t_commit - t_comments:.1f} s, "
                f"statistics {finished - t_commit:.1f} s)."
            )
        )

    # -- people and categories -----------------------------------------------------

    def _categories(self, count: int) -> list[Category]:
        categories = []
        for i in range(1, count + 1):
            topic = TOPICS[(i - 1) % len(TOPICS)]
            category, _ = Category.objects.get_or_create(
                slug=f"sample-topic-{i:02d}",
                defaults={
                    "name": f"Sample topic {i:02d}: {topic}",
                    "description": "Sample category for load tests; not real content.",
                },
            )
            categories.append(category)
        return categories

    def _user(self, username: str, group: str, **fields: Any) -> User:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, **fields}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            if (role := Group.objects.filter(name=group).first()) is not None:
                user.groups.add(role)
        return user

    def _experts(self, count: int) -> list[Signer]:
        signers = []
        for i in range(1, count + 1):
            user = self._user(
                f"sample-expert-{i}",
                "Experts",
                first_name="Sample",
                last_name=f"Expert {i}",
                email=f"sample-expert-{i}@example.invalid",
            )
            profile, _ = ExpertProfile.objects.get_or_create(
                user=user,
                defaults={
                    "display_name": f"Sample Expert {i}, MD",
                    "credentials": "MD (sample)",
                    "titles": "Sample Professor of Neurology\nSample MS Program",
                    "institution": "Sample University Hospital",
                    "bio": "A sample clinician for load tests.",
                },
            )
            signers.append(Signer(profile.pk, user.pk, profile.signature_block()))
        return signers

    def _moderator(self) -> User:
        return self._user(
            "sample-moderator",
            "Moderators",
            first_name="Sample",
            last_name="Moderator",
            email="sample-moderator@example.invalid",
        )

    # -- published Q&As ----------------------------------------------------------------

    def _publication_times(self, count: int, years: int) -> list[dt.datetime]:
        """Oldest first, more of them in recent years as the site grew; the last
        a day before now so that their comments can come after them."""
        end = self.now - dt.timedelta(days=1)
        span = dt.timedelta(days=365.25 * years) - dt.timedelta(days=1)
        # The square root of a uniform number puts twice as many in the last
        # year as in an average one: a steady growth in readers.
        fractions = sorted(self.rng.random() ** 0.5 for _ in range(count))
        return [end - span + span * f for f in fractions]

    def _published(
        self,
        first: int,
        count: int,
        years: int,
        categories: list[Category],
        signers: list[Signer],
        answers: list[RenderedAnswer],
    ) -> list[tuple[int, dt.datetime, Texts]]:
        """Insert the published Q&As with their signed answers; return the id,
        publication time and texts of each."""
        rng, published = self.rng, []
        times = self._publication_times(count, years)
        for start in range(0, count, BATCH):
            batch_times = times[start : start + BATCH]
            question_ids = reserve_ids(Question, len(batch_times))
            answer_ids = reserve_ids(Answer, len(batch_times))
            questions, signed = [], []
            for offset, published_at in enumerate(batch_times):
                number = first + start + offset
                texts = Texts(
                    subject=rng.randrange(len(QUESTION_SUBJECTS)),
                    body=rng.randrange(len(QUESTION_BODIES)),
                    answer=rng.randrange(len(answers)),
                )
                title = f"{TITLE_PREFIX}{number}: {QUESTION_SUBJECTS[texts.subject]}?"
                body = QUESTION_BODIES[texts.body]
                answer = answers[texts.answer]
                signer = rng.choice(signers)
                # A colleague wrote it: the author never signs their own answer.
                author = signers[(signers.index(signer) + 1) % len(signers)]
                questions.append(
                    Question(
                        pk=question_ids[offset],
                        status=Question.Status.PUBLISHED,
                        title=title,
                        body=body,
                        slug=f"{SLUG_PREFIX}{number}",
                        category_id=rng.choice(categories).pk,
                        expert_id=author.profile_id,
                        answer_source=answer.source,
                        answer_html=answer.html,
                        answered_by_id=author.user_id,
                        submitted_at=published_at - dt.timedelta(days=rng.uniform(2, 30)),
                        published_at=published_at,
                        published_answer_id=answer_ids[offset],
                    )
                )
                signed.append(
                    Answer(
                        pk=answer_ids[offset],
                        question_id=question_ids[offset],
                        question_title=title,
                        question_text=body,
                        body_html=answer.html,
                        signer_id=signer.profile_id,
                        signed_by_id=signer.user_id,
                        sent_by_id=author.user_id,
                        signed_at=published_at - dt.timedelta(hours=rng.uniform(1, 48)),
                        signature_block=signer.signature_block,
                        sha256=signed_content_hash(title, body, answer.html),
                    )
                )
                published.append((question_ids[offset], published_at, texts))
            Question.objects.bulk_create(questions, batch_size=BATCH)
            Answer.objects.bulk_create(signed, batch_size=BATCH)
        return published

    def _drug_links(
        self, published: list[tuple[int, dt.datetime, Texts]], answers: list[RenderedAnswer]
    ) -> int:
        """Link each Q&A to the therapies its signed text names, as publishing
        does. The text is the same for every Q&A with the same `Texts` but for
        the number in the title, so each combination is matched only once."""
        drugs = list(Drug.objects.all())
        named: dict[Texts, list[int]] = {}
        links = []
        for question_id, _, texts in published:
            if texts not in named:
                text = signed_public_text(
                    Answer(
                        question_title=f"{TITLE_PREFIX}0: {QUESTION_SUBJECTS[texts.subject]}?",
                        question_text=QUESTION_BODIES[texts.body],
                        body_html=answers[texts.answer].html,
                    )
                )
                named[texts] = [drug.pk for drug in drugs if drug.is_named_in(text)]
            links += [DrugMention(drug_id=pk, question_id=question_id) for pk in named[texts]]
        DrugMention.objects.bulk_create(links, batch_size=BATCH)
        return len(links)

    # -- comments ------------------------------------------------------------------

    def _comments(
        self, published: list[tuple[int, dt.datetime, Texts]], count: int, moderator: User
    ) -> None:
        rng = self.rng
        # A few Q&As draw many comments, most draw a handful or none.
        popularity = [rng.paretovariate(1.2) for _ in published]
        targets = rng.choices(published, weights=popularity, k=count)
        states, state_weights = zip(*COMMENT_STATES, strict=True)
        statuses = rng.choices(states, weights=state_weights, k=count)
        for start in range(0, count, BATCH):
            rows = []
            for number in range(start + 1, min(start + BATCH, count) + 1):
                question_id, published_at, _ = targets[number - 1]
                status = statuses[number - 1]
                # Comments close by themselves 90 days after publication (by default).
                window = min(
                    dt.timedelta(days=89), self.now - published_at - dt.timedelta(minutes=5)
                )
                created_at = published_at + window * rng.uniform(0.001, 1)
                pending = status == Comment.Status.PENDING
                rows.append(
                    Comment(
                        question_id=question_id,
                        author_name=f"Sample reader {number}",
                        # Commenters' addresses are erased some days after moderation.
                        author_email=f"reader{number}@example.invalid" if pending else "",
                        body=f"Sample comment {number}. {rng.choice(COMMENT_BODIES)}",
                        status=status,
                        created_at=created_at,
                        moderated_by_id=None if pending else moderator.pk,
                        moderated_at=None if pending else created_at + dt.timedelta(hours=3),
                    )
                )
            Comment.objects.bulk_create(rows, batch_size=BATCH)

    # -- questions waiting -------------------------------------------------------------

    def _pending(
        self,
        first: int,
        count: int,
        categories: list[Category],
        signers: list[Signer],
        answers: list[RenderedAnswer],
    ) -> None:
        rng = self.rng
        for start in range(0, count, BATCH):
            questions, submissions = [], []
            for number in range(first + start, first + min(start + BATCH, count)):
                title = f"{TITLE_PREFIX}{number}: {rng.choice(QUESTION_SUBJECTS)}?"
                body = rng.choice(QUESTION_BODIES)
                submitted_at = self.now - dt.timedelta(days=rng.uniform(0, 30))
                question = Question(title=title, body=body, submitted_at=submitted_at)
                if rng.random() < 0.4:
                    signer = rng.choice(signers)
                    question.status = Question.Status.ASSIGNED
                    question.expert_id = signer.profile_id
                    question.category_id = rng.choice(categories).pk
                    if rng.random() < 0.5:  # a draft begun
                        answer = rng.choice(answers)
                        question.answer_source, question.answer_html = answer.source, answer.html
                questions.append(question)
                submissions.append(
                    PatientSubmission(
                        name=f"Sample Patient {number}",
                        email=f"patient{number}@example.invalid",
                        notify=rng.random() < 0.5,
                        original_subject=f"Sample subject {number}",
                        original_text=body,
                        client_hash=_hex(f"sample-client-{number}"),
                        status_token_hash=_hex(f"sample-status-token-{number}"),
                    )
                )
            Question.objects.bulk_create(questions, batch_size=BATCH)
            for question, submission in zip(questions, submissions, strict=True):
                submission.question_id = question.pk
            PatientSubmission.objects.bulk_create(submissions, batch_size=BATCH)
