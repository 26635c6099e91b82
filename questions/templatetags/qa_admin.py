from __future__ import annotations

from django import template
from django.db.models import Count, Q

from ..models import Comment, Question

register = template.Library()
S = Question.Status


@register.inclusion_tag("admin/includes/work_summary.html", takes_context=True)
def work_summary(context: template.Context) -> dict:
    """What waits for this user, in one query over questions (and one for comments)."""
    user = context["request"].user
    items: list[tuple[str, int, str]] = []
    mine = Q(expert__user=user)
    counts = Question.objects.aggregate(
        assigned_to_me=Count("pk", filter=mine & Q(status=S.ASSIGNED)),
        my_signoff=Count("pk", filter=mine & Q(status=S.AWAITING_SIGNOFF)),
        new=Count("pk", filter=Q(status=S.NEW)),
        signed=Count("pk", filter=Q(status=S.SIGNED_OFF)),
    )
    base = "/admin/questions/question/"
    if user.has_perm("questions.change_question") and hasattr(user, "expert_profile"):
        items.append(
            ("assigned to you", counts["assigned_to_me"], f"{base}?mine=yes&status__exact=assigned")
        )
    if user.has_perm("questions.sign_off_answer"):
        items.append(
            (
                "awaiting your sign-off",
                counts["my_signoff"],
                f"{base}?mine=yes&status__exact=awaiting_signoff",
            )
        )
    if user.has_perm("questions.triage_question"):
        items.append(("new, to triage", counts["new"], f"{base}?status__exact=new"))
    if user.has_perm("questions.publish_question"):
        items.append(
            ("signed off, ready to publish", counts["signed"], f"{base}?status__exact=signed_off")
        )
    if user.has_perm("questions.moderate_comment"):
        pending = Comment.objects.filter(status=Comment.Status.PENDING).count()
        items.append(
            (
                "comments waiting for approval",
                pending,
                "/admin/questions/comment/?status__exact=pending",
            )
        )
    return {"items": items}
