"""The question page's preview: the draft exactly as the public would see it
if it were signed now, signature block and reading level included, before
anyone signs it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from core import readability
from core.http import signed_in_user

from ..models import Answer, ExpertProfile, Question


class PreviewMixin(admin.ModelAdmin):
    """For QuestionAdmin: a preview page per question, linked from its page."""

    def get_urls(self) -> list[URLPattern]:
        urls = [
            path(
                "<int:question_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="questions_question_preview",
            ),
        ]
        return urls + super().get_urls()

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = extra_context or {}
        pk = unquote(object_id)
        if pk.isdigit():  # anything else is no question: Django says so on its own
            extra_context["preview_url"] = reverse("admin:questions_question_preview", args=[pk])
        return super().change_view(request, object_id, form_url, extra_context)

    def preview_view(self, request: HttpRequest, question_id: int) -> HttpResponse:
        """The page exactly as the public would see it if the draft were signed now."""
        question = get_object_or_404(
            Question.objects.select_related("category", "expert"), pk=question_id
        )
        if not self.has_view_or_change_permission(request, question):
            raise PermissionDenied
        if not self.get_queryset(request).filter(pk=question.pk).exists():
            raise Http404  # not one this person may open (a clinician: none still new)
        signer = (
            question.expert or ExpertProfile.objects.filter(user=signed_in_user(request)).first()
        )
        draft = Answer(
            question=question,
            question_title=question.title,
            question_text=question.body,
            body_html=question.answer_html,
            signed_at=timezone.now(),
            signature_block=signer.signature_block() if signer else "(not yet signed)",
            references=question.draft_references(),
            summary=question.summary,
        )
        if question.published_at is None:
            question.published_at = draft.signed_at
        return TemplateResponse(
            request,
            "questions/question_detail.html",
            {
                "question": question,
                "answer": draft,
                "comments": [],
                "is_draft_preview": True,
                "reading": readability.reading(draft.body_html),
                "guidance": readability.GUIDANCE,
            },
        )
