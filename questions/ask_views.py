"""The patient's side: ask a question, see the thank-you page, follow the status link."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from core import limits
from core.http import client_address
from core.rates import parse_rate

from . import selectors, services, similar, urgency
from .forms import QUESTION_MAX, SUBJECT_MAX, AskForm
from .models import PatientSubmission, Question

PRIVATE_FIELDS = ("subject", "question", "name", "email")


def _thanks(token: str) -> HttpResponse:
    return redirect("questions:ask_thanks", token=token)


@never_cache
@sensitive_post_parameters(*PRIVATE_FIELDS)
@sensitive_variables()
def ask(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, AskForm())

    form = AskForm(request.POST)
    # Every post is counted, a mistaken one too: each costs the server some work.
    if limited := _too_many_posts(request):
        return _render_form(request, AskForm(initial=_kept(request)), status=429, limited=limited)
    if form.refuse_oversized():
        return _render_form(request, form)
    if "check_similar" in request.POST:
        # "Check for answers first": the published answers like it under the
        # question, everything typed kept, nothing stored; the sum is not checked
        # (so not used up), and the form shows a fresh one as after a mistake.
        # As many looks as while typing (/ask/similar/): it is the same search.
        typed = {
            k: v for k, v in request.POST.dict().items() if k not in {"captcha_1", "check_similar"}
        }
        if limits.too_many_similar_looks(request):
            return _render_form(
                request,
                AskForm(initial=typed),
                status=429,
                limited=_(
                    "Many looks for similar answers came from your connection just now. "
                    "Please try again in a minute, or send your question."
                ),
            )
        found = similar.finder().while_asking(typed.get("subject", ""), typed.get("question", ""))
        return _render_form(request, AskForm(initial=typed), similar=found)
    if "new_captcha" in request.POST:
        # Without JavaScript, "show a different sum" posts the form: give it
        # back with everything kept and a fresh sum, no errors.
        fresh = AskForm(initial={k: v for k, v in request.POST.items() if k != "captcha_1"})
        return _render_form(request, fresh)

    # A refresh, a back-and-resend or a double click of a form already stored.
    form_token = form.posted_form_token()
    if stored := _already_stored(request, form_token):
        return stored

    with transaction.atomic():
        # The sum is used up in the same transaction that stores the question. A
        # parallel post of this same form that finds the sum used has waited for
        # that commit (SQLite: the write lock taken at BEGIN; PostgreSQL: the
        # DELETE of the sum waits on its row), so it finds the question stored.
        valid = form.is_valid()
        if form.has_error("captcha", "expired") and (
            stored := _already_stored(request, form_token)
        ):
            return stored
        limited = limits.refusal(
            request,
            sent=valid,
            wrong_sum=form.has_error("captcha", "invalid"),
            group="ask",
            rate=settings.ASK_RATE_LIMIT,
            noun="question",
        )
        if valid and not limited:
            return _store(request, form.cleaned_data)
    if limited:
        return _render_form(request, form, status=429, limited=limited)
    return _render_form(request, form)


# Posts of the form, whatever they hold, per client address and per question the
# address may send (ASK_RATE_LIMIT): a person putting mistakes right, checking for
# answers and asking for new sums stays far below it; a robot posting broken forms
# is held to it (60 an hour at 5 questions an hour).
POSTS_PER_QUESTION = 12


def _posts_rate() -> str:
    count, seconds = parse_rate(settings.ASK_RATE_LIMIT)
    return f"{count * POSTS_PER_QUESTION}/{seconds}s"


def _too_many_posts(request: HttpRequest) -> str:
    usage = limits.usage(
        request, group="ask-posts", key=client_address, rate=_posts_rate(), increment=True
    )
    if usage and usage["should_limit"]:
        return _(
            "Many forms came from your connection in the last hour, so we cannot take "
            "another one just now. %(wait)s"
        ) % {"wait": limits.wait_in_words(usage)}
    return ""


def _already_stored(request: HttpRequest, form_token: str | None) -> HttpResponse | None:
    if not form_token or not (existing := selectors.submission_for_form(form_token)):
        return None
    if existing.original_text.strip() == request.POST.get("question", "").strip():
        return _thanks(services.status_token_for(form_token))
    form = AskForm(data=None, initial=_kept(request))
    return _render_form(request, form, already_sent=True)


def _store(request: HttpRequest, data: dict) -> HttpResponse:
    try:
        _question, token = services.question_submit(
            subject=data["subject"],
            text=data["question"],
            category=data["category"],
            name=data["name"],
            email=data["email"],
            notify=data["notify"],
            client_address=client_address("ask", request),
            form_token=data["form_token"],
        )
    except IntegrityError:
        # The same form was stored by a parallel request a moment ago.
        return _thanks(services.status_token_for(data["form_token"]))
    return _thanks(token)


def _kept(request: HttpRequest) -> dict:
    return {
        k: v
        for k, v in request.POST.items()
        if k not in {"captcha_0", "captcha_1", "form_token", "started", "sum_solved"}
    }


def _render_form(
    request: HttpRequest,
    form: AskForm,
    *,
    status: int = 200,
    limited: str = "",
    similar: Sequence[Any] | None = None,
    already_sent: bool = False,
) -> HttpResponse:
    text = (
        " ".join(str(form.data.get(f, "")) for f in ("subject", "question"))
        if form.is_bound
        else ""
    )
    if not form.is_bound and form.initial:
        text = " ".join(str(form.initial.get(f, "")) for f in ("subject", "question"))
    # The emergency words are looked for in as much text as the form takes: an
    # oversized paste comes back with its error at the cost of a normal one.
    text = text[: SUBJECT_MAX + QUESTION_MAX + 1]
    return render(
        request,
        "questions/ask.html",
        {
            "form": form,
            "limited": limited,
            "already_sent": already_sent,
            "urgent": urgency.mentions_red_flags(text),
            "red_flags": urgency.for_scripts(),
            "similar": similar or [],
            "checked": similar is not None,
        },
        status=status,
    )


def _submission(token: str) -> PatientSubmission:
    submission = selectors.submission_by_token(token)
    if submission is None:
        raise Http404
    return submission


def _private(response: HttpResponse) -> HttpResponse:
    """Pages behind a private link: never indexed, never cached, never referred
    to another site. "same-origin", not "no-referrer": the token in the address
    still never leaves the site, while browsers keep sending an Origin on the
    page's own forms (with "no-referrer" Chromium sends "Origin: null", and
    Django's CSRF check refuses the "Erase my name and email" button)."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@sensitive_variables()
def ask_thanks(request: HttpRequest, token: str) -> HttpResponse:
    submission = _submission(token)
    status_url = request.build_absolute_uri(
        reverse("questions:ask_status", kwargs={"token": token})
    )
    return _private(
        render(
            request,
            "questions/ask_thanks.html",
            {
                "submission": submission,
                "status_url": status_url,
                "urgent": urgency.mentions_red_flags(
                    submission.original_subject, submission.original_text
                ),
            },
        )
    )


# (stage, label): the label is translated when the page is made.
PATIENT_STAGES: dict[str, tuple[str, Promise]] = {
    Question.Status.NEW: ("received", gettext_lazy("Received")),
    Question.Status.ASSIGNED: ("review", gettext_lazy("In review")),
    Question.Status.AWAITING_SIGNOFF: ("review", gettext_lazy("In review")),
    Question.Status.SIGNED_OFF: ("review", gettext_lazy("In review")),
    Question.Status.WITHDRAWN: ("review", gettext_lazy("In review")),
    Question.Status.PUBLISHED: ("answered", gettext_lazy("Answered")),
    Question.Status.REJECTED: ("declined", gettext_lazy("Declined")),
}


def _just_erased(request: HttpRequest, submission: PatientSubmission) -> str:
    """What the erase button just pressed erased ("contact", or "words" for what
    the patient wrote too): said only when it is true, whatever the address says."""
    asked = request.GET.get("erased")
    if asked == "words" and submission.erased_at:
        return "words"
    if asked == "1" and not (submission.name or submission.email):
        return "contact"
    return ""


@never_cache
@sensitive_variables()
def ask_status(request: HttpRequest, token: str) -> HttpResponse:
    submission = _submission(token)
    question = submission.question
    stage, label = PATIENT_STAGES[question.status]
    return _private(
        render(
            request,
            "questions/ask_status.html",
            {
                "submission": submission,
                "question": question,
                "stage": stage,
                "stage_label": label,
                "just_erased": _just_erased(request, submission),
                "token": token,
            },
        )
    )


@never_cache
@require_POST
@sensitive_variables()
def ask_status_erase(request: HttpRequest, token: str) -> HttpResponse:
    """The patient removes their name and email; we can no longer write to them.
    With "erase what I wrote too" their original wording goes as well. The
    public version and the answer are not touched. Nothing is erased before
    the patient confirms, on a page that says what goes and what stays: it
    cannot be undone, and a shaky hand taps the wrong button."""
    submission = _submission(token)
    wording = request.POST.get("wording") == "1"
    left = submission.erased_at is None if wording else bool(submission.name or submission.email)
    if not left:  # an old tab's button: the page says what is held now
        return redirect("questions:ask_status", token=token)
    if request.POST.get("confirmed") != "1":
        question = submission.question
        return _private(
            render(
                request,
                "questions/ask_status_erase.html",
                {
                    "submission": submission,
                    "stage": PATIENT_STAGES[question.status][0],
                    "wording": wording,
                    "token": token,
                },
            )
        )
    services.submission_erase(submission=submission, wording=wording)
    done = "words" if wording else "1"
    return redirect(reverse("questions:ask_status", kwargs={"token": token}) + f"?erased={done}")
