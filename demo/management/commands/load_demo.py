"""`manage.py load_demo`: categories, staff and Q&As for a demo site.

The content lives in files under `questions/demo/` (read by
`questions.demo_files`). Questions go through the real services (submit,
assign, submit for sign-off, sign off, publish, re-sign, reject) with the demo
staff as actors, so each step writes its audit row; afterwards, for the demo
only, the timestamps are moved back with `QuerySet.update()` to the days the
files give, counted back from the day the command runs.

Idempotent: categories are keyed by slug, users by username, questions by
public title. Whatever already exists is left exactly as it is (a password set
with `changepassword` or an edited profile survives a second run).

The demo people are invented and their addresses are at example.com, so the
emails the services queue on the way (question received, expert assigned,
answer published, question declined, and the moderators' notices of the new
questions) are discarded before they are sent, unless `--keep-emails` is given.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from core.models import OutgoingEmail
from questions import demo_files, services
from questions.demo_files import DemoQA, local
from questions.models import (
    Answer,
    AnswerTranslation,
    Category,
    CategoryName,
    Comment,
    CommentReply,
    ExpertProfile,
    Question,
    Reference,
    Transition,
    review_due_after,
)
from search import synonyms

_Result = TypeVar("_Result")


class Command(BaseCommand):
    help = (
        "Load demo categories, clinicians, a moderator and Q&As (published and in review). "
        "Safe to run again: existing rows are kept and nothing is duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--keep-emails",
            action="store_true",
            help="Keep and send the notification emails the workflow queues "
            "(by default they are discarded: every demo address is fictional).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stats: Counter[str] = Counter()
        # Every file is read and checked before the database is touched.
        try:
            directory = demo_files.DEMO_DIR
            categories = demo_files.read_categories(directory)
            moderator, experts = demo_files.read_people(directory)
            qas = demo_files.read_qas(
                directory,
                categories={c["slug"] for c in categories},
                experts={e["username"] for e in experts},
            )
            languages, translations = demo_files.read_translations(directory, qas)
        except demo_files.DemoFileError as exc:
            raise CommandError(f"Demo content cannot be loaded: {exc}") from None
        with transaction.atomic():
            last_email = OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first()
            self.categories = self._load_categories(categories)
            self.moderator = self._load_user(moderator)
            self.experts = self._load_experts(experts)
            self.written_first = {t.path.name: t for t in translations if t.written_first}
            for qa in qas:
                if qa.status == "published":
                    self._load_published(qa)
                else:
                    self._load_open(qa)
            self._load_translations(languages, translations)
            if not options["keep_emails"]:
                addresses = {moderator["email"], *(e["email"] for e in experts)}
                addresses |= {qa.patient.email for qa in qas if qa.patient.email}
                addresses |= set(settings.MODERATOR_EMAILS)  # told of each demo question
                # Deleted before commit, so send_outbox never sees them.
                self.stats["emails discarded"] = OutgoingEmail.objects.filter(
                    pk__gt=last_email or 0, to__in=addresses
                ).delete()[0]
        self._summary()
        call_command("load_demo_drugs", stdout=self.stdout)
        # Every name of each therapy finds its entry and the Q&As that name it, and
        # a patient's words the clinicians' (docs/operations.md: on every deployment).
        # The vocabulary names every therapy of the reference, so no group is made
        # from the drugs' names: one would merge groups the vocabulary keeps apart.
        call_command("load_vocabulary", stdout=self.stdout)
        # Reviewed, published MS words explained; their other names become synonym
        # groups where the vocabulary has none of them yet (the vocabulary wins).
        call_command("load_demo_glossary", stdout=self.stdout)
        seeded = synonyms.seed_from_glossary()
        self.stdout.write(f"Glossary: {seeded} synonym groups added from its other names.")

    # -- categories and people ----------------------------------------------------

    def _load_categories(self, rows: list[dict]) -> dict[str, Category]:
        categories = {}
        for row in rows:
            category, created = Category.objects.get_or_create(
                slug=row["slug"], defaults={"name": row["name"], "description": row["description"]}
            )
            self.stats["categories created" if created else "categories kept"] += 1
            categories[row["slug"]] = category
        return categories

    def _load_user(self, row: dict) -> User:
        try:
            group = Group.objects.get(name=row["group"])
        except Group.DoesNotExist:
            raise CommandError(
                f'The group "{row["group"]}" does not exist; run "manage.py migrate" first.'
            ) from None
        user, created = get_user_model().objects.get_or_create(
            username=row["username"],
            defaults={
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "email": row["email"],
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

    def _load_experts(self, rows: list[dict]) -> dict:
        experts = {}
        for row in rows:
            user = self._load_user(row)
            ExpertProfile.objects.get_or_create(
                user=user,
                defaults={
                    **{
                        key: row[key]
                        for key in ("display_name", "credentials", "titles", "institution", "bio")
                    },
                    "languages": " ".join(row.get("languages", ["en"])),
                },
            )
            experts[row["username"]] = user
        return experts

    # -- translations ---------------------------------------------------------------

    def _load_translations(
        self, languages: dict[str, dict], translations: list[demo_files.DemoTranslation]
    ) -> None:
        """The categories' names in each language, and the translated Q&As,
        signed through the same service as a real translation (four eyes)."""
        for language, setup in languages.items():
            for row in setup["categories"]:
                CategoryName.objects.get_or_create(
                    category=self.categories[row["slug"]],
                    language=language,
                    defaults={"name": row["name"], "description": row.get("description", "")},
                )
        for demo in translations:
            setup = languages[demo.language]
            question = Question.objects.published().get(title=demo.english_title)
            if question.translations.filter(language=demo.language).exists():
                self.stats["translations kept"] += 1
                continue
            # The translator saves and sends; a colleague who reads the language signs.
            draft = services.translation_save(
                question_id=question.pk,
                language=demo.language,
                actor=self.experts[setup["translator"]],
                texts={
                    "question_title": demo.title,
                    "question_text": demo.question,
                    "summary": demo.in_short,
                    "answer_source": demo.answer,
                },
            )
            services.translation_send(draft_id=draft.pk, actor=self.experts[setup["translator"]])
            signed = services.translation_sign(
                draft_id=draft.pk, actor=self.experts[setup["signer"]]
            )
            # Dated as the rest of the demo: translated a few days after the English.
            english_signed = signed.follows.signed_at
            when = min(english_signed + dt.timedelta(days=3), timezone.now())
            AnswerTranslation.objects.filter(pk=signed.pk).update(signed_at=when)
            Transition.objects.filter(question=question, action__startswith="translation_").update(
                created_at=when
            )
            if demo.english_update is not None:
                self._update_english(question, demo.english_update)
            self.stats["translations signed"] += 1

    def _update_english(self, question: Question, update: demo_files.EnglishUpdate) -> None:
        """The English changed after it was translated: its clinician adds a
        paragraph and sends it, a colleague signs it saying what kind of
        change it is (a clinical one takes the translation down)."""
        assert question.expert is not None
        author = question.expert.user
        signer = next(user for user in self.experts.values() if user != author)
        self._write_answer(
            question.pk, f"{question.answer_source}\n\n{update.added}", question.summary
        )
        self._step(
            services.question_submit_for_signoff,
            question.pk,
            self._at(update.signed - dt.timedelta(days=1), 16),
            actor=author,
        )
        self._step(
            services.question_sign_off,
            question.pk,
            self._at(update.signed, 11),
            actor=signer,
            note=update.note,
            change_kind=update.kind,
        )
        self.stats["outdated"] += 1
        self.stats["outdated clinical"] += update.kind == Answer.ChangeKind.CLINICAL

    # -- questions ------------------------------------------------------------------

    def _create_question(self, qa: DemoQA, submitted_at: dt.datetime) -> Question | None:
        """Submit the patient's wording as the ask form does, then put in the
        public title and text a moderator would have edited it to."""
        if Question.objects.filter(title=qa.title).exists():
            self.stats["questions kept"] += 1
            return None
        patient = qa.patient
        question, _ = services.question_submit(
            subject=patient.subject,
            text=patient.wording,
            category=None,
            name=patient.name,
            email=patient.email,
            notify=patient.notify,
            client_address="",
            form_token=secrets.token_urlsafe(),  # nobody is ever given its status link
            language=qa.language,
        )
        Question.objects.filter(pk=question.pk).update(
            title=qa.title, body=qa.question, submitted_at=submitted_at
        )
        Transition.objects.filter(question=question).update(created_at=submitted_at)
        self.stats["questions created"] += 1
        return question

    @staticmethod
    def _write_answer(question_id: int, source: str, in_short: str = "") -> None:
        question = Question.objects.get(pk=question_id)
        question.answer_source = source
        question.summary = in_short
        # save() renders answer_html too
        question.save(update_fields=["answer_source", "summary"])

    @staticmethod
    def _step(
        service: Callable[..., _Result], question_id: int, when: dt.datetime, **kwargs: Any
    ) -> _Result:
        """Run one transition service, then date its audit row (and a signed
        answer) back to `when`."""
        result = service(question_id=question_id, **kwargs)
        audit = Transition.objects.filter(question_id=question_id).latest("pk")
        Transition.objects.filter(pk=audit.pk).update(created_at=when)
        if isinstance(result, Answer):
            Answer.objects.filter(pk=result.pk).update(signed_at=when)
            # A re-sign of a published Q&A is its review: dated back with it.
            Question.objects.filter(pk=question_id, published_answer=result).update(
                reviewed_at=when, review_due=review_due_after(when, settings.QA_REVIEW_MONTHS)
            )
        return result

    @staticmethod
    def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return local(day, dt.time(hour, minute))

    def _load_published(self, qa: DemoQA) -> None:
        submitted_at = self._at(qa.submitted, 9, 30)
        question = self._create_question(qa, submitted_at)
        if question is None:
            return
        qid = question.pk
        assert qa.published is not None  # required of a published Q&A's file
        author = self.experts[qa.expert]
        signer = self.experts[qa.signer]
        published_at = self._at(qa.published, 12)

        self._step(
            services.question_assign,
            qid,
            submitted_at + dt.timedelta(days=1),
            actor=self.moderator,
            expert=author.expert_profile,
            category=self.categories[qa.category],
        )
        self._write_answer(qid, qa.answer, qa.in_short)
        if first := self.written_first.get(qa.path.name):
            # Written in Spanish first: the English answer above is its translation.
            Question.objects.filter(pk=qid).update(
                answer_written_in=first.language, original_answer=first.answer
            )
        Reference.objects.bulk_create(
            Reference(
                question_id=qid,
                position=number,
                title=ref.title,
                publisher=ref.publisher,
                url=ref.url,
                accessed_on=ref.accessed,
            )
            for number, ref in enumerate(qa.references, start=1)
        )
        self._step(
            services.question_submit_for_signoff,
            qid,
            self._at(qa.published - dt.timedelta(days=1), 16),
            actor=author,
        )
        self._step(services.question_sign_off, qid, self._at(qa.published, 10, 30), actor=signer)
        self._step(services.question_publish, qid, published_at, actor=self.moderator)
        Question.objects.filter(pk=qid).update(published_at=published_at)
        self.stats["published"] += 1

        if qa.revision is not None:
            self._write_answer(qid, qa.revision.answer, qa.in_short)
            self._step(
                services.question_submit_for_signoff,
                qid,
                self._at(qa.revision.signed - dt.timedelta(days=1), 16),
                actor=author,
            )
            self._step(
                services.question_sign_off,
                qid,
                self._at(qa.revision.signed, 12),
                actor=signer,
                note=qa.revision.note,
            )
            self.stats["re-signed"] += 1

        for comment in qa.comments:
            stored = Comment.objects.create(
                question_id=qid,
                author_name=comment.author,
                author_email=comment.email,
                body=comment.body,
                created_at=comment.posted,
                status=Comment.Status.APPROVED if comment.approved else Comment.Status.PENDING,
                moderated_by=self.moderator if comment.approved else None,
                moderated_at=comment.posted + dt.timedelta(hours=3) if comment.approved else None,
            )
            self.stats["comments created"] += 1
            if comment.reply is not None:
                reply = services.comment_reply(
                    comment_id=stored.pk,
                    actor=self.experts[comment.reply.by],
                    body=comment.reply.body,
                )
                CommentReply.objects.filter(pk=reply.pk).update(created_at=comment.reply.posted)
                self.stats["replies to comments"] += 1

    def _load_open(self, qa: DemoQA) -> None:
        submitted_at = self._at(qa.submitted, 9, 30)
        question = self._create_question(qa, submitted_at)
        if question is None:
            return
        qid = question.pk
        self.stats[f"left {qa.status.replace('_', ' ')}"] += 1
        if qa.status == "new":
            return
        assert qa.handled is not None  # required of any other open Q&A's file
        handled_at = self._at(qa.handled, 11)
        if qa.status == "rejected":
            self._step(
                services.question_reject,
                qid,
                handled_at,
                actor=self.moderator,
                reason=qa.reject_reason,
                note=qa.reject_note,
                duplicate_of=(
                    Question.objects.published().get(title=qa.duplicate_of)
                    if qa.duplicate_of
                    else None
                ),
            )
            return
        author = self.experts[qa.expert]
        assigned_at = submitted_at + dt.timedelta(days=1) if qa.status != "assigned" else handled_at
        self._step(
            services.question_assign,
            qid,
            assigned_at,
            actor=self.moderator,
            expert=author.expert_profile,
            category=self.categories[qa.category],
        )
        self._write_answer(qid, qa.answer)
        if qa.status == "awaiting_signoff":
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
            f"Translations: {s['translations signed']} signed, {s['translations kept']} "
            f"already there; {s['outdated']} made out of date by a later English change "
            f"({s['outdated clinical']} clinical, taken down).",
            f"Notification emails discarded: {s['emails discarded']}.",
            f"The site now has {published.count()} published Q&As over {len(months)} months.",
        ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
