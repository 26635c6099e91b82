from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext

from .models import Answer, AnswerTranslation, Category, Question
from .selectors import sidebar

FEED_LENGTH = 20


def on_site(path: str) -> str:
    """The site's own address, never the request's Host: a feed is cached and
    read by everyone, so a forged Host must not end up in its links."""
    return settings.SITE_URL + path


def _signed(item: Question) -> tuple[Answer | AnswerTranslation, datetime.datetime]:
    """A listed Q&A's signed version in the feed's language and its date: a
    published one has both (constraint published_has_date_answer_and_slug), and
    in another language it is listed only with its signed translation."""
    shown = item.shown
    assert shown is not None and item.published_at is not None
    return shown, item.published_at


class QuestionsFeed(Feed):
    """What every feed of answered questions shares. Items carry the signed text
    only, and the disclaimer is appended to every item by the description template."""

    feed_type = Atom1Feed
    description_template = "feeds/item_description.html"

    def subtitle(self) -> str:
        return gettext("Questions about multiple sclerosis, answered by MS clinicians.")

    def item_link(self, item: Question) -> str:
        return on_site(item.get_absolute_url())

    def item_title(self, item: Question) -> str:
        return _signed(item)[0].question_title

    def item_pubdate(self, item: Question) -> datetime.datetime:
        return _signed(item)[1]

    def item_updateddate(self, item: Question) -> datetime.datetime:
        answer, published_at = _signed(item)
        return max(published_at, answer.signed_at)

    def item_author_name(self, item: Question) -> str:
        return _signed(item)[0].signature_lines[0]

    def item_author_link(self, item: Question) -> str:
        return on_site(_signed(item)[0].signer.get_absolute_url())

    def item_categories(self, item: Question) -> list[str]:
        if item.category is None:
            return []
        if get_language() == settings.LANGUAGE_CODE:
            return [item.category.name]
        shown = sidebar().category(item.category.slug)  # its name in the feed's language
        return [shown.name if shown else item.category.name]


class LatestQuestionsFeed(QuestionsFeed):
    """Newest answered questions."""

    def title(self) -> str:
        return f"{settings.SITE_NAME}: {gettext(settings.SITE_TAGLINE)}"

    def link(self) -> str:
        return on_site(reverse("questions:list"))

    def feed_url(self) -> str:
        return on_site(reverse("feed_latest"))

    def items(self) -> QuerySet[Question]:
        return Question.objects.for_listing().select_related("published_answer__signer")[
            :FEED_LENGTH
        ]


class CategoryFeed(QuestionsFeed):
    """Newest answered questions of one category (Django passes the feed's object
    to the methods that take one)."""

    def get_object(self, request: HttpRequest, slug: str) -> Category:
        return get_object_or_404(Category, slug=slug)

    def title(self, obj: Category) -> str:
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj: Category) -> str:
        return on_site(obj.get_absolute_url())

    def feed_url(self, obj: Category) -> str:
        return on_site(reverse("feed_category", kwargs={"slug": obj.slug}))

    def items(self, obj: Category) -> QuerySet[Question]:
        return (
            Question.objects.for_listing()
            .select_related("published_answer__signer")
            .filter(category=obj)[:FEED_LENGTH]
        )
