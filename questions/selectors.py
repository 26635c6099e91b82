"""Reads shared by pages, feeds, the sidebar and the tests of their query
plans; everything public goes through `published()`."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.text import slugify

from core.cache import cached_by_generation, held_by_generation
from core.i18n import in_default_language
from core.visibility import visible_to

from .models import (
    Answer,
    AnswerTranslation,
    Category,
    CategoryName,
    Comment,
    CommentReply,
    ExpertProfile,
    PatientSubmission,
    Question,
    QuestionQuerySet,
    TranslationDraft,
    add_months,
    other_languages,
)
from .tokens import hash_token, status_token_for


@dataclass(frozen=True)
class MonthCount:
    month: datetime.date
    count: int


@dataclass(frozen=True)
class CategoryCount:
    pk: int
    name: str
    slug: str
    description: str
    count: int
    # The language of the name when it is not the page's (no translation of it yet).
    name_lang: str = ""


@dataclass(frozen=True)
class Sidebar:
    months: list[MonthCount]
    categories: list[CategoryCount]

    @property
    def total(self) -> int:
        return sum(m.count for m in self.months)

    def category(self, slug: str) -> CategoryCount | None:
        return next((c for c in self.categories if c.slug == slug), None)


def _compute_sidebar(language: str) -> Sidebar:
    # One query gives both lists: the published Q&As counted by month and
    # category id (a few thousand rows even after years), and after them the
    # categories' names (UNION ALL). Grouped by the names too, PostgreSQL
    # sorted every Q&A with its category's text: 70 ms at 50,000 Q&As, against
    # 40 ms so. Cached until content changes. In another language it counts
    # the Q&As with a current translation in it.
    published = Question.objects.published()
    names: dict[int, tuple[str, str]] = {}
    if language != settings.LANGUAGE_CODE:
        current = AnswerTranslation.objects.filter(
            language=language, is_current=True, question=OuterRef("pk")
        )
        published = published.filter(Exists(current))
        names = {
            row.category_id: (row.name, row.description)
            for row in CategoryName.objects.filter(language=language)
        }
    no_text = {name: Value("", output_field=CharField()) for name in ("name", "slug", "about")}
    counted = (
        published.annotate(month=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
        .values("month", "category_id")
        .annotate(count=Count("pk"), **no_text)
        .values_list("month", "category_id", "count", "name", "slug", "about")
        .order_by()
    )
    named = (
        Category.objects.annotate(
            month=Value(None, output_field=DateTimeField()), count=Value(0), about=F("description")
        )
        .values_list("month", "pk", "count", "name", "slug", "about")
        .order_by()
    )
    months: Counter[datetime.date] = Counter()
    counts: Counter[int] = Counter()
    texts: dict[int, tuple[str, str, str]] = {}
    for month, category_id, count, name, slug, about in counted.union(named, all=True):
        if month is None:  # a category's row
            texts[category_id] = (name, slug, about)
        else:
            # Made aware in the current time zone already (TruncMonth's tzinfo):
            # converting each of thousands of rows again cost 10 ms.
            months[month.date()] += count
            if category_id:
                counts[category_id] += count
    return Sidebar(
        months=[MonthCount(m, n) for m, n in sorted(months.items(), reverse=True)],
        categories=sorted(
            (
                _in_language(CategoryCount(pk, *texts[pk], count=n), language, names)
                for pk, n in counts.items()
            ),
            key=lambda c: c.name,
        ),
    )


def _in_language(
    category: CategoryCount, language: str, names: dict[int, tuple[str, str]]
) -> CategoryCount:
    """The category under its name in the page's language; on a page in another
    language without a name in it yet, its own name, marked as in the default."""
    if language == settings.LANGUAGE_CODE:
        return category
    if category.pk in names:
        name, description = names[category.pk]
        return replace(category, name=name, description=description)
    return replace(category, name_lang=settings.LANGUAGE_CODE)


def sidebar() -> Sidebar:
    """Archive months (newest first) and categories (by name) with their counts,
    in the language of the page being shown."""
    language = translation.get_language()
    # Held in the process too: a page reads it several times (category links),
    # and unpickling it each time cost more than the rest of a short page.
    return held_by_generation(f"sidebar:{language}", lambda: _compute_sidebar(language))


def archive_months() -> list[MonthCount]:
    return sidebar().months


def category_counts() -> list[CategoryCount]:
    return sidebar().categories


def sees_who_asked(user: User | AnonymousUser) -> bool:
    """Moderators (and administrators) see a patient's name, email and own
    wording; clinicians need only the de-identified public version."""
    return user.is_active and user.has_perm("questions.triage_question")


def questions_visible_to(user: User | AnonymousUser) -> Q:
    """Staff who do not triage (clinicians) see a question only once a moderator
    has de-identified and assigned it: a new or declined one may still be the
    patient's own words."""
    if sees_who_asked(user):
        return Q()
    return ~Q(status__in=[Question.Status.NEW, Question.Status.REJECTED])


def awaiting_signature_of(user: User) -> Q:
    """Versions sent for sign-off that `user` may sign (services.signing.may_sign,
    in SQL): a sent version has its hash kept until it is signed or changed."""
    waiting = Q(
        status__in=[
            Question.Status.AWAITING_SIGNOFF,
            Question.Status.PUBLISHED,
            Question.Status.WITHDRAWN,
        ]
    ) & ~Q(submitted_sha256="")
    if not (user.has_perm("questions.sign_off_answer") and hasattr(user, "expert_profile")):
        return Q(pk__in=[])  # only clinicians sign
    if settings.REQUIRE_SECOND_SIGNER:
        waiting &= ~Q(answered_by=user)
    return waiting


def own_answers_awaiting_colleague(user: User) -> Q:
    """Versions `user` sent for sign-off that wait for a colleague's signature."""
    return (
        Q(
            status__in=[
                Question.Status.AWAITING_SIGNOFF,
                Question.Status.PUBLISHED,
                Question.Status.WITHDRAWN,
            ]
        )
        & ~Q(submitted_sha256="")
        & Q(answered_by=user)
    )


REVIEW_SOON_DAYS = 30


def review_horizon() -> datetime.date:
    """Reviews due by this day are in the queue: overdue, or due within 30 days."""
    return timezone.localdate() + datetime.timedelta(days=REVIEW_SOON_DAYS)


def reviews_due() -> Q:
    """Published Q&As whose review is overdue or due soon (question_review_due)."""
    return Q(status=Question.Status.PUBLISHED, review_due__lte=review_horizon())


# A Q&A's own columns that hold the version being written, never the signed one.
# What a Q&A page (questions/question_detail.html, its structured data) reads
# of the Q&A and its category; in the default language, of its signed answer
# and the answer's signer too.
PAGE_COLUMNS = (
    "status",
    "slug",
    "published_at",
    "comments_closed",
    "reviewed_at",
    "reviewed_by_name",
    "review_due",
    "category__name",
    "category__slug",
)
PAGE_ANSWER_COLUMNS = (
    "published_answer__question_title",
    "published_answer__question_text",
    "published_answer__body_html",
    "published_answer__signed_at",
    "published_answer__signature_block",
    "published_answer__references",
    "published_answer__summary",
    "published_answer__written_in",
    "published_answer__signer__display_name",
    "published_answer__signer__slug",
)


def question_page(user: User | AnonymousUser) -> QuerySet[Question]:
    """The Q&As whose page `user` may open (the public: published ones), with
    what the page shows in the active language; filter by slug.

    Only those columns: not the drafts nor the workflow's, nor the signer's
    photo (the page links to it). All of them were a fifth of the page's build,
    in building the query and the objects."""
    page = visible_to(user, Question.objects).exclude(published_answer=None)
    if in_default_language():
        return (
            page.select_related("published_answer__signer", "category")
            .only(*PAGE_COLUMNS, *PAGE_ANSWER_COLUMNS)
            .annotate(**translated_into())
        )
    # The page shows the translation (current_translation); of the English,
    # only its title, on the page that says there is no translation.
    return page.select_related("published_answer", "category").only(
        *PAGE_COLUMNS, "published_answer__question_title"
    )


def translated_into() -> dict[str, Exists]:
    """Whether a Q&A has a current translation in each other language, as
    columns of its own row (`languages_translated` reads them): its page links
    them in its structured data without a query of its own. One EXISTS each:
    the text of codes they once made took a tenth of the page's query to build."""
    current = AnswerTranslation.objects.filter(question=OuterRef("pk"), is_current=True)
    return {
        _translated_column(code): Exists(current.filter(language=code))
        for code, _ in other_languages()
    }


def languages_translated(question: Question) -> list[str]:
    """The codes of the languages a Q&A from `question_page` has a current
    translation in."""
    return [
        code for code, _ in other_languages() if getattr(question, _translated_column(code), False)
    ]


def _translated_column(code: str) -> str:
    return "translated_" + code.replace("-", "_")


def in_category(category_id: int) -> QuestionQuerySet:
    # By id, not through the join: that lets PostgreSQL read question_category_recent.
    return Question.objects.for_listing(summaries=True).filter(category_id=category_id)


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of a calendar month in the site's time zone and of the
    month after it. ValueError for a month that does not exist or that the
    database cannot hold."""
    first = datetime.date(year, month, 1)
    # December 9999 has no following month; nothing is published then either.
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(following, datetime.time.min, tzinfo=zone)
    try:
        # The database compares in UTC; January of year 1 east of Greenwich is before it.
        start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)
    except OverflowError:
        raise ValueError(f"{year}-{month:02} cannot be compared in UTC") from None
    return start, end


def published_in_month(year: int, month: int) -> QuestionQuerySet:
    """The month archive's Q&As; ValueError as month_bounds."""
    start, end = month_bounds(year, month)
    return Question.objects.for_listing(summaries=True).filter(
        published_at__gte=start, published_at__lt=end
    )


def submission_by_token(token: str) -> PatientSubmission | None:
    """The submission behind a patient's private status link, or None."""
    if len(token) != 64:
        return None
    return (
        PatientSubmission.objects.select_related("question", "question__category")
        .filter(status_token_hash=hash_token(token))
        .first()
    )


def submission_for_form(form_token: str) -> PatientSubmission | None:
    """The submission that a post of this very form stored already, if any."""
    return submission_by_token(status_token_for(form_token))


def comment_key_exists(form_token: str) -> bool:
    """Whether a post of this very comment form was stored already."""
    return Comment.objects.filter(submission_key=hash_token(f"comment:{form_token}")).exists()


def free_slug(title: str, *, question_id: int) -> str:
    """A slug for the title that no other Q&A uses ("title", "title-2", ...)."""
    base = slugify(title)[:100].strip("-") or "question"
    taken = set(
        Question.objects.filter(slug__startswith=base)
        .exclude(pk=question_id)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def comments_with_replies(question: Question) -> list[Comment]:
    """The comments the public sees on a Q&A in the page's language (each is
    shown on the page it was written on), each with its replies and their
    clinicians (`shown_replies`): one query, and one more only when a comment
    has a reply (few have; the query and the objects it built were an eighth
    of a Q&A page's build)."""
    comments = list(
        question.comments.approved()
        .filter(language=translation.get_language())
        .only("pk", "question_id", "body", "created_at")
        .annotate(has_replies=Exists(CommentReply.objects.filter(comment=OuterRef("pk"))))
    )
    answered = [comment for comment in comments if comment.has_replies]
    for comment in comments:
        if not comment.has_replies:
            comment.shown_replies = []
    if not answered:  # most pages: not even the replies' query is built
        return comments
    # The photo's bytes stay in the database: the page links to the photo, never embeds it.
    # A clinician's name links to their page only when they have one (a signed public answer).
    signed = Question.objects.published().filter(published_answer__signer=OuterRef("expert"))
    replies = (
        CommentReply.objects.select_related("expert")
        .defer("expert__photo")
        .annotate(expert_has_page=Exists(signed))
    )
    prefetch_related_objects(
        answered, Prefetch("replies", queryset=replies, to_attr="shown_replies")
    )
    return comments


def signed_by(expert_id: int) -> QuestionQuerySet:
    """Published Q&As whose public answer this clinician signed, newest first."""
    return Question.objects.for_listing(summaries=True).filter(
        published_answer__signer_id=expert_id
    )


def experts_with_answers() -> list[ExpertProfile]:
    """Clinicians who signed at least one published answer: the ones with a public page."""
    signed = Question.objects.published().filter(published_answer__signer=OuterRef("pk"))
    return list(ExpertProfile.objects.filter(Exists(signed)).only("slug").order_by("slug"))


def category_of_any_language(slug: str) -> CategoryCount | None:
    """A category with published Q&As in the default language, under its name in
    the page's language (for a page that has none of them translated yet)."""
    language = translation.get_language()
    with translation.override(settings.LANGUAGE_CODE):
        category = sidebar().category(slug)
    if category is None:
        return None
    names = {
        row.category_id: (row.name, row.description)
        for row in CategoryName.objects.filter(language=language, category_id=category.pk)
    }
    return _in_language(replace(category, count=0), language, names)


def current_translation(question: Question, language: str) -> AnswerTranslation | None:
    """The signed translation of a Q&A the public sees in `language`, if any,
    with what its page reads of it, of the English it follows and of its people."""
    return (
        AnswerTranslation.objects.select_related(
            "signer", "follows", "translated_by__expert_profile"
        )
        # Only what the page shows: of the English, its date, signature and
        # language; of the clinicians and the translator, their names and
        # links, never the photos' bytes nor the translator's account.
        .only(*TRANSLATION_PAGE_COLUMNS)
        .filter(question=question, language=language, is_current=True)
        .first()
    )


def in_page_language(question: Question) -> Answer | AnswerTranslation | None:
    """The version of a published Q&A a page shows: the signed English, or in
    another language its current signed translation (None: there is none yet,
    and the page says so: core.i18n.not_translated)."""
    if in_default_language():
        return question.published_answer
    return current_translation(question, translation.get_language())


TRANSLATION_PAGE_COLUMNS = (
    "question_id",
    "language",
    "question_title",
    "question_text",
    "summary",
    "body_html",
    "references",
    "signed_at",
    "signature_block",
    "follows__signed_at",
    "follows__signature_block",
    "follows__written_in",
    "signer__display_name",
    "signer__slug",
    "translated_by__first_name",
    "translated_by__last_name",
    "translated_by__expert_profile__display_name",
)


def translation_needed(language: str) -> tuple[QuerySet[Question], QuerySet[Question]]:
    """Published Q&As with no translation draft under way in `language`: those
    never translated into it, and those whose translation is out of date (the
    English signed again since; `translation_shown` says whether it is still on its page,
    as it is after an editorial change, or was taken down by a clinical one)."""
    drafted = TranslationDraft.objects.filter(language=language, question=OuterRef("pk"))
    translated = AnswerTranslation.objects.filter(language=language, question=OuterRef("pk"))
    up_to_date = translated.filter(is_current=True, follows=OuterRef("published_answer"))
    free = Question.objects.published().exclude(Exists(drafted))
    never = free.exclude(Exists(translated))
    outdated = (
        free.filter(Exists(translated))
        .exclude(Exists(up_to_date))
        .annotate(translation_shown=Exists(translated.filter(is_current=True)))
    )
    return never, outdated


def translations_due_for_review(language: str) -> QuerySet[Question]:
    """Published Q&As whose current translation in `language` follows the
    current English but was signed QA_REVIEW_MONTHS ago or more, with no draft
    under way: reviewed by signing it again (the queue starts from its text)."""
    cutoff = add_months(timezone.localdate(), -settings.QA_REVIEW_MONTHS)
    drafted = TranslationDraft.objects.filter(language=language, question=OuterRef("pk"))
    due = AnswerTranslation.objects.filter(
        language=language,
        question=OuterRef("pk"),
        is_current=True,
        follows=OuterRef("published_answer"),
        signed_at__date__lte=cutoff,
    )
    return Question.objects.published().exclude(Exists(drafted)).filter(Exists(due))


def category_names_in(language: str) -> dict[int, str]:
    """Every category's name in a language other than the default, by id (cached
    until content changes): forms list them all, not only those with answers."""
    return cached_by_generation(
        f"category-names:{language}",
        lambda: dict(
            CategoryName.objects.filter(language=language).values_list("category_id", "name")
        ),
    )
