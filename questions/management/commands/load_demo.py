"""`manage.py load_demo`: categories, staff and Q&As for a demo site.

The content lives in `questions.demo_content`. Questions go through the real
transition services (assign, submit for sign-off, sign off, publish, re-sign,
reject) with the demo staff as actors; afterwards, for the demo only, the
timestamps are moved back with `QuerySet.update()` so that the archive spans
several months before the day the command runs (the content's dates are moved
by the days between its AS_OF and today, in the site's time zone).

Idempotent: categories are keyed by slug, users by username, questions by
public title. Whatever already exists is left exactly as it is (a password set
with `changepassword` or an edited profile survives a second run).

The demo people are invented and their addresses are at example.com, so the
emails the services queue on the way (expert assigned, answer published,
question declined) are discarded before they are sent, unless
`--keep-emails` is given.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from questions import demo_content as content
from questions import services
from questions.models import (
    Answer,
    Category,
    Comment,
    ExpertProfile,
    OutgoingEmail,
    PatientSubmission,
    Question,
    Transition,
)

# A line that starts a new Markdown block item rather than continuing the previous line.
_BLOCK_START = re.compile(r"(?:[-*+] |\d+\. |#)")


def unwrap(text: str) -> str:
    """Dedent a wrapped text from `demo_content` and join the lines of each
    paragraph or list item, keeping blank lines between paragraphs."""
    blocks = []
    for block in re.split(r"\n[ \t]*\n", textwrap.dedent(text).strip()):
        lines: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if lines and not _BLOCK_START.match(line):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime at a clinic-local time of day (the site's TIME_ZONE)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def local_naive(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value)


def days_since_as_of() -> dt.timedelta:
    """How far to move the content's dates so that its AS_OF falls on today."""
    return timezone.localdate() - content.AS_OF


class Command(BaseCommand):
    help = (
        "Load demo categories, clinicians, a moderator and Q&As (published and in review). "
        "Safe to run again: existing rows are kept and nothing is duplicated."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--keep-emails",
            action="store_true",
            help="Keep and send the notification emails the workflow queues "
            "(by default they are discarded: every demo address is fictional).",
        )

    def handle(self, *args, **options) -> None:
        self.stats: Counter[str] = Counter()
        self._check_content()
        self.shift = days_since_as_of()
        with transaction.atomic():
            last_email = OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first()
            self.categories = self._load_categories()
            self.moderator = self._load_user(content.MODERATOR, content.MODERATOR.group)
            self.experts = self._load_experts()
            for spec in content.PUBLISHED:
                self._load_published(spec)
            for spec in content.OPEN_QUESTIONS:
                self._load_open(spec)
            if not options["keep_emails"]:
                # Deleted before commit, so send_outbox never sees them.
                self.stats["emails discarded"] = OutgoingEmail.objects.filter(
                    pk__gt=last_email or 0, to__in=self._demo_addresses()
                ).delete()[0]
        self._summary()
        call_command("load_demo_drugs", stdout=self.stdout)

    # -- checks -----------------------------------------------------------------

    def _check_content(self) -> None:
        """Refuse inconsistent demo data before touching the database."""
        slugs = {c.slug for c in content.CATEGORIES}
        usernames = {e.username for e in content.EXPERTS}
        titles = [q.title for q in content.PUBLISHED] + [q.title for q in content.OPEN_QUESTIONS]
        problems = []
        days = [
            *(d for q in content.PUBLISHED for d in (q.submitted, q.published)),
            *(q.revision.signed for q in content.PUBLISHED if q.revision),
            *(c.created.date() for q in content.PUBLISHED for c in q.comments),
            *(d for q in content.OPEN_QUESTIONS for d in (q.submitted, q.handled) if d),
        ]
        if max(days) >= content.AS_OF:
            problems.append("a date on or after AS_OF would be in the future")
        if len(titles) != len(set(titles)):
            problems.append("two demo questions share a title")
        for q in content.PUBLISHED:
            if q.category not in slugs or q.expert not in usernames:
                problems.append(f"{q.title!r}: unknown category or expert")
            if (q.published - q.submitted).days < 2:
                problems.append(f"{q.title!r}: published less than two days after submission")
            if q.revision and q.revision.signed <= q.published:
                problems.append(f"{q.title!r}: revision not after publication")
            for c in q.comments:
                if local_naive(c.created) <= local(q.published, 12):
                    problems.append(f"{q.title!r}: a comment predates publication")
        for q in content.OPEN_QUESTIONS:
            if q.state not in {"new", "assigned", "awaiting_signoff", "rejected"}:
                problems.append(f"{q.title!r}: unknown state {q.state!r}")
            if q.state in {"assigned", "awaiting_signoff"} and (
                q.expert not in usernames or q.category not in slugs or not q.answer
            ):
                problems.append(f"{q.title!r}: needs an expert, a category and a draft answer")
            if q.state != "new" and (q.handled is None or q.handled <= q.submitted):
                problems.append(f"{q.title!r}: needs a handled day after submission")
        if problems:
            raise CommandError("Demo content is inconsistent: " + "; ".join(problems))

    # -- categories and people ----------------------------------------------------

    def _load_categories(self) -> dict[str, Category]:
        categories = {}
        for spec in content.CATEGORIES:
            category, created = Category.objects.get_or_create(
                slug=spec.slug, defaults={"name": spec.name, "description": spec.description}
            )
            self.stats["categories created" if created else "categories kept"] += 1
            categories[spec.slug] = category
        return categories

    def _load_user(self, spec, group_name: str):
        try:
            group = Group.objects.get(name=group_name)
        except Group.DoesNotExist:
            raise CommandError(
                f'The group "{group_name}" does not exist; run "manage.py migrate" first.'
            ) from None
        user, created = get_user_model().objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": spec.email,
                "is_staff": True,
            },
        )
        if created:
            # Nobody can log in as a demo user until an administrator sets a
            # password with `manage.py changepassword <username>`.
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(group)
        self.stats["staff users created" if created else "staff users kept"] += 1
        return user

    def _load_experts(self) -> dict:
        experts = {}
        for spec in content.EXPERTS:
            user = self._load_user(spec, content.EXPERTS_GROUP)
            ExpertProfile.objects.get_or_create(
                user=user,
                defaults={
                    "display_name": spec.display_name,
                    "credentials": spec.credentials,
                    "titles": spec.titles,
                    "institution": spec.institution,
                    "bio": spec.bio,
                },
            )
            experts[spec.username] = user
        return experts

    def _signer_for(self, author):
        """The author signs, unless the four-eyes rule asks for a colleague."""
        if not settings.REQUIRE_SECOND_SIGNER:
            return author
        return next(user for user in self.experts.values() if user.pk != author.pk)

    def _demo_addresses(self) -> set[str]:
        addresses = {e.email for e in content.EXPERTS} | {content.MODERATOR.email}
        for spec in [*content.PUBLISHED, *content.OPEN_QUESTIONS]:
            if spec.submission.email:
                addresses.add(spec.submission.email)
        return addresses

    # -- questions ------------------------------------------------------------------

    def _create_question(self, spec, submitted_at: dt.datetime) -> Question | None:
        if Question.objects.filter(title=spec.title).exists():
            self.stats["questions kept"] += 1
            return None
        question = Question.objects.create(
            title=spec.title, body=unwrap(spec.body), submitted_at=submitted_at
        )
        sub = spec.submission
        PatientSubmission.objects.create(
            question=question,
            name=sub.name,
            email=sub.email,
            notify=sub.notify and bool(sub.email),
            original_subject=sub.original_subject,
            original_text=unwrap(sub.original_text),
        )
        self.stats["questions created"] += 1
        return question

    @staticmethod
    def _write_answer(question_id: int, source: str) -> None:
        question = Question.objects.get(pk=question_id)
        question.answer_source = unwrap(source)
        question.save(update_fields=["answer_source"])  # save() renders answer_html too

    @staticmethod
    def _step(service, question_id: int, when: dt.datetime, **kwargs):
        """Run one transition service, then date its audit row (and a signed
        answer) back to `when`."""
        result = service(question_id=question_id, **kwargs)
        audit = Transition.objects.filter(question_id=question_id).order_by("-pk").first()
        Transition.objects.filter(pk=audit.pk).update(created_at=when)
        if isinstance(result, Answer):
            Answer.objects.filter(pk=result.pk).update(signed_at=when)
        return result

    def _at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return local(day + self.shift, hour, minute)

    def _load_published(self, spec: content.PublishedQA) -> None:
        submitted_at = self._at(spec.submitted, 9, 30)
        question = self._create_question(spec, submitted_at)
        if question is None:
            return
        qid = question.pk
        author = self.experts[spec.expert]
        signer = self._signer_for(author)
        published_at = self._at(spec.published, 12)

        self._step(
            services.question_assign,
            qid,
            submitted_at + dt.timedelta(days=1),
            actor=self.moderator,
            expert=author.expert_profile,
            category=self.categories[spec.category],
        )
        self._write_answer(qid, spec.answer)
        self._step(
            services.question_submit_for_signoff,
            qid,
            self._at(spec.published - dt.timedelta(days=1), 16),
            actor=author,
        )
        self._step(services.question_sign_off, qid, self._at(spec.published, 10, 30), actor=signer)
        self._step(services.question_publish, qid, published_at, actor=self.moderator)
        Question.objects.filter(pk=qid).update(published_at=published_at)
        self.stats["published"] += 1

        if spec.revision is not None:
            self._write_answer(qid, spec.revision.answer)
            self._step(
                services.question_sign_off,
                qid,
                self._at(spec.revision.signed, 12),
                actor=signer,
                note=spec.revision.note,
            )
            self.stats["re-signed"] += 1

        for comment in spec.comments:
            created_at = local_naive(comment.created + self.shift)
            Comment.objects.create(
                question_id=qid,
                author_name=comment.author_name,
                author_email=comment.author_email,
                body=unwrap(comment.body),
                created_at=created_at,
                status=Comment.Status.APPROVED if comment.approved else Comment.Status.PENDING,
                moderated_by=self.moderator if comment.approved else None,
                moderated_at=created_at + dt.timedelta(hours=3) if comment.approved else None,
            )
            self.stats["comments created"] += 1

    def _load_open(self, spec: content.OpenQuestion) -> None:
        submitted_at = self._at(spec.submitted, 9, 30)
        question = self._create_question(spec, submitted_at)
        if question is None:
            return
        qid = question.pk
        self.stats[f"left {spec.state.replace('_', ' ')}"] += 1
        if spec.state == "new":
            return
        handled_at = self._at(spec.handled, 11)
        if spec.state == "rejected":
            self._step(
                services.question_reject,
                qid,
                handled_at,
                actor=self.moderator,
                reason=spec.reject_reason,
                note=unwrap(spec.reject_note),
                duplicate_of=(
                    Question.objects.published().get(title=spec.duplicate_of)
                    if spec.duplicate_of
                    else None
                ),
            )
            return
        author = self.experts[spec.expert]
        assigned_at = (
            submitted_at + dt.timedelta(days=1) if spec.state != "assigned" else handled_at
        )
        self._step(
            services.question_assign,
            qid,
            assigned_at,
            actor=self.moderator,
            expert=author.expert_profile,
            category=self.categories[spec.category],
        )
        self._write_answer(qid, spec.answer)
        if spec.state == "awaiting_signoff":
            self._step(services.question_submit_for_signoff, qid, handled_at, actor=author)

    # -- report ---------------------------------------------------------------------

    def _summary(self) -> None:
        published = Question.objects.published()
        months = {
            timezone.localtime(when).strftime("%Y-%m")
            for when in published.values_list("published_at", flat=True)
        }
        s = self.stats
        lines = [
            f"Categories: {s['categories created']} created, {s['categories kept']} already there.",
            f"Staff users: {s['staff users created']} created, {s['staff users kept']} already "
            "there (passwords unusable until set with changepassword).",
            f"Questions: {s['questions created']} created ({s['published']} published, "
            f"{s['re-signed']} re-signed, {s['left new']} new, {s['left assigned']} assigned, "
            f"{s['left awaiting signoff']} awaiting sign-off, {s['left rejected']} rejected), "
            f"{s['questions kept']} already there.",
            f"Comments: {s['comments created']} created.",
            f"Notification emails discarded: {s['emails discarded']}.",
            f"The site now has {published.count()} published Q&As over {len(months)} months.",
        ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
