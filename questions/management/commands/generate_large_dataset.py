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

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from core.cache import content_changed
from core.text import render_answer
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

TOPICS = [
    "Fatigue",
    "Relapses",
    "MRI and scans",
    "Disease-modifying therapy",
    "Infusions",
    "Pregnancy",
    "Bladder and bowel",
    "Walking and balance",
    "Vision",
    "Memory and thinking",
    "Mood",
    "Pain",
    "Heat and exercise",
    "Diet",
    "Vaccines",
    "Work and travel",
    "Children and family",
    "Progressive MS",
    "Diagnosis",
    "Research",
]

QUESTION_SUBJECTS = [
    "how long does this usually last",
    "is this something to worry about",
    "should I change my treatment",
    "what tests should I ask for",
    "can exercise help with this",
    "is this a relapse or something else",
    "does this get worse with heat",
    "what do other patients do about this",
    "when should I call my neurologist",
    "is there anything I can do at home",
    "does my age change the advice",
    "how do I explain this to my family",
]

# Lorem-like but readable: the shape of a patient's question, no real story.
QUESTION_BODIES = [
    "Sample text. I have had relapsing MS for a few years and lately I notice this more "
    "in the afternoon. My last scan was stable. What would you suggest?",
    "Sample text. My neurologist mentioned this at my last visit, but we ran out of time. "
    "I would like to understand the options before my next appointment.",
    "Sample text. Since my diagnosis I read a lot online and the advice does not agree. "
    "Could you explain what the evidence says, in plain words?",
    "Sample text. I am on a disease-modifying therapy and feel mostly well. Lorem ipsum "
    "dolor sit amet: is there anything I should keep an eye on?",
    "Sample text. A friend with MS told me about this. I do not have the problem myself "
    "yet, but I wonder whether it is common and whether it can be prevented.",
    "Sample text. This started two months ago and comes and goes.\n\n"
    "It is worse when I am tired. Is it related to my MS?",
    "Sample text. I was diagnosed last spring. Consectetur adipiscing elit: my family "
    "asks many questions and I want to give them correct answers.",
    "Sample text. My scans show a few new spots but I feel no different. Should that "
    "change anything, and how often should I be scanned?",
]

# Markdown, as a clinician writes it; each is rendered once. Some name
# therapies, as real answers do, so the drug pages have Q&As to list.
ANSWER_SOURCES = [
    "Sample answer. Thank you for your question. This is common in MS and usually "
    "improves.\n\n* Keep a short diary of when it happens.\n* Bring it to your next visit."
    "\n\nLorem ipsum dolor sit amet; ask your team if it changes.",
    "Sample answer. There is no single rule here. Most people do well with a few simple "
    "steps:\n\n1. Rest when you need to.\n2. Stay active on good days.\n3. Tell your "
    "neurologist about new symptoms.",
    "Sample answer. Treatments such as **ocrelizumab** (Ocrevus) lower the number of "
    "relapses. They do not treat every symptom, so other help is still worth asking "
    "for.\n\nSed do eiusmod tempor: your team can tell you more.",
    "Sample answer. A relapse is a new or worse symptom that lasts more than a day "
    "without fever or infection. A short course of IV steroids can speed recovery but "
    "does not change the long-term course.",
    "Sample answer. *Natalizumab* (Tysabri) is given by infusion every four weeks. Your "
    "team checks a blood test for the JC virus before and during treatment.\n\nUt enim ad "
    "minim veniam.",
    "Sample answer. Scans are usually repeated once a year when things are stable, and "
    "sooner after a change of treatment.\n\n## What to ask\n\n* Were there new lesions?\n"
    "* Do they change the plan?",
    "Sample answer. Heat can bring back old symptoms for a while; this is not a relapse. "
    "Cooling down usually helps within hours.\n\n> Duis aute irure dolor in reprehenderit.",
    "Sample answer. Many people plan a pregnancy while on treatment. Talk with your team "
    "early: some therapies, like rituximab, are timed around it.",
    "Sample answer. Research is moving quickly. Trials are listed at "
    "[ClinicalTrials.gov](https://clinicaltrials.gov/); your clinic can tell you which "
    "ones are near you.",
    "Sample answer. Mood changes are common and treatable. Please mention them at your "
    "next appointment; you do not have to wait for a crisis.\n\nExcepteur sint occaecat "
    "cupidatat non proident.",
]

COMMENT_BODIES = [
    "Thank you, this helped me prepare for my next visit.",
    "Same here. Keeping a diary made the conversation with my neurologist much easier.",
    "Lorem ipsum dolor sit amet. Very clear explanation.",
    "I printed this for my family. Thank you for writing in plain words.",
    "Does this also apply to progressive MS?",
    "My clinic said something similar last year.\n\nGood to read it here too.",
    "Consectetur adipiscing elit. I wish I had read this sooner.",
    "Could you write more about this topic?",
]

# How often a comment ends in each state; spam and rejected ones are moderated too.
COMMENT_STATES = [
    (Comment.Status.APPROVED, 90),
    (Comment.Status.PENDING, 3),
    (Comment.Status.REJECTED, 2),
    (Comment.Status.SPAM, 5),
]


@dataclass(frozen=True)
class RenderedAnswer:
    source: str
    html: str


@dataclass(frozen=True)
class Texts:
    """Which of the sample texts a published Q&A uses (indexes into the lists)."""

    subject: int
    body: int
    answer: int


@dataclass(frozen=True)
class Signer:
    profile_id: int
    user_id: int
    signature_block: str


def _hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _reserve_ids(model: type[Model], count: int) -> list[int]:
    """Ids for rows about to be inserted, taken from the table's own sequence
    so that later inserts without an id never collide with them."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            # The transaction holds SQLite's write lock (settings: IMMEDIATE), so
            # nobody else can take these. AUTOINCREMENT remembers deleted ids too.
            pk, quoted = (
                connection.ops.quote_name(model._meta.pk.column),
                connection.ops.quote_name(table),
            )
            cursor.execute(
                f"SELECT MAX(COALESCE((SELECT MAX({pk}) FROM {quoted}), 0), "  # noqa: S608 - table name from the model
                "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
                [table],
            )
            last = cursor.fetchone()[0]
            return list(range(last + 1, last + 1 + count))
    raise CommandError(f"{connection.vendor} is not supported: use SQLite or PostgreSQL.")


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

    def handle(self, *args, **options) -> None:
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
            # Fresh statistics, as autovacuum would gather soon after such a load;
            # without them the planner guesses row counts of a table it saw empty.
            with connection.cursor() as cursor:
                for model in (Question, Answer, Comment, PatientSubmission, Category, DrugMention):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
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

    def _user(self, username: str, group: str, **fields):
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

    def _moderator(self):
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
            question_ids = _reserve_ids(Question, len(batch_times))
            answer_ids = _reserve_ids(Answer, len(batch_times))
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
        self, published: list[tuple[int, dt.datetime, Texts]], count: int, moderator
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
