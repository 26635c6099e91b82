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
# What narrows the list another way, so the queue's default does not narrow it
# too: a search, a status, the review queue (published answers) and the
# sign-off queue (some of them changes sent on a published Q&A).
_NARROWING = ("q", "status__exact", "review", "signoff")


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
    """The queue: by default only questions that still need someone. A search,
    a status chosen, or the review or sign-off queue looks through every
    question: a published Q&A searched for by its title is found, and
    "Published" in the status filter lists the published ones."""

    title = "queue"
    parameter_name = "queue"

    def __init__(
        self,
        request: HttpRequest,
        params: dict[str, Any],
        model: type[Any],
        model_admin: admin.ModelAdmin[Any],
    ) -> None:
        super().__init__(request, params, model, model_admin)
        narrowed = any(request.GET.get(name) for name in _NARROWING)
        self.default = "all" if narrowed else "waiting"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("waiting", "Waiting for us"), ("all", "All questions")]

    def choices(self, changelist: ChangeList) -> Iterator[_ListFilterChoices]:
        value = self.value() or self.default
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if (self.value() or self.default) == "waiting":
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
