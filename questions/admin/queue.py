"""The question list's filters: the work that still waits, and one's own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from core.http import signed_in_user

from .. import selectors
from ..models import Question

if TYPE_CHECKING:  # the stubs' name for a filter choice (no such class at run time)
    from django.contrib.admin.filters import _ListFilterChoices

S = Question.Status
WAITING = [S.NEW, S.ASSIGNED, S.AWAITING_SIGNOFF, S.SIGNED_OFF]


class AssignedToMeFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "mine"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("yes", "Assigned to me")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(expert__user=request.user)
        return queryset


class WaitingFilter(admin.SimpleListFilter):
    """The queue: by default only questions that still need someone."""

    title = "queue"
    parameter_name = "queue"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("waiting", "Waiting for us"), ("all", "All questions")]

    def choices(self, changelist: ChangeList) -> Iterator[_ListFilterChoices]:
        value = self.value() or "waiting"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() is None and (
            ReviewFilter.parameter_name in request.GET
            or SignOffFilter.parameter_name in request.GET
        ):
            # The review queue is of published answers; so are some of the
            # versions waiting for sign-off (changes sent on a published Q&A).
            return queryset
        if (self.value() or "waiting") == "waiting":
            return queryset.filter(status__in=WAITING)
        return queryset


class SignOffFilter(admin.SimpleListFilter):
    """Answers waiting for this clinician's signature, or for a colleague's."""

    title = "sign-off"
    parameter_name = "signoff"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("for_me", "For me to sign"), ("mine", "Mine, waiting for a colleague")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "for_me":
            return queryset.filter(selectors.awaiting_signature_of(signed_in_user(request)))
        if self.value() == "mine":
            return queryset.filter(
                selectors.own_answers_awaiting_colleague(signed_in_user(request))
            )
        return queryset


class ReviewFilter(admin.SimpleListFilter):
    """The review queue: published answers whose review is overdue or due soon."""

    title = "review"
    parameter_name = "review"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [
            ("due", "Overdue or due within 30 days"),
            ("overdue", "Overdue"),
            ("mine", "Due, and assigned to me to review"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value in {"due", "mine"}:
            queryset = queryset.filter(selectors.reviews_due())
        if value == "overdue":
            queryset = queryset.filter(
                status=S.PUBLISHED, review_due__lte=timezone.localdate()
            ).order_by("review_due")
        if value == "mine":
            queryset = queryset.filter(review_assignee__user=request.user)
        return queryset.order_by("review_due") if value else queryset
