"""The admin site: Django's, made to answer bad input from the address bar or
a tampered form with a message, never a server error, for every model at once.

- A NUL byte in a changelist filter or search (`?status__exact=%00`) reached
  PostgreSQL, which refuses it in text: the parameter is dropped, with a message.
- A bulk action posted with an id that cannot be one (`_selected_action=abc`)
  failed in the queryset filter: the list comes back with a message.
- "View on site" of an object without a public page (a question never
  published has no slug) failed to build the link: that is a 404.
- An email address typed into any admin form is checked as on the public
  forms (core/addresses.py), so a staff address cannot jam the outbox either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.base import ModelBase
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import NoReverseMatch, URLPattern, URLResolver, path

from .addresses import EmailAddressField
from .error_views import render_error


def _has_nul(text: str) -> bool:
    return "\x00" in text


_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])
_M = TypeVar("_M", bound=models.Model)


def _refuse_bad_input(view: _View) -> _View:
    model_admin = getattr(view, "__self__", None)
    model = getattr(model_admin, "model", None)

    @wraps(view)
    def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if any(_has_nul(k) or _has_nul(v) for k, values in request.GET.lists() for v in values):
            if request.method not in ("GET", "HEAD"):
                return render_error(400)
            messages.error(
                request,
                "The address held a character that cannot be searched for (a NUL byte); "
                "the filter or search that held it was left out.",
            )
            kept = [
                (k, v)
                for k, values in request.GET.lists()
                for v in values
                if not _has_nul(k) and not _has_nul(v)
            ]
            return HttpResponseRedirect(
                f"{request.path}?{urlencode(kept)}" if kept else request.path
            )
        if model is not None and request.method == "POST":
            pk = model._meta.pk
            try:
                for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
                    pk.clean(value, None)
            except ValidationError:
                messages.error(
                    request,
                    "The selection held something that is not one of the listed items; "
                    "nothing was changed. Please tick the items again.",
                )
                return HttpResponseRedirect(request.get_full_path())
        return view(request, *args, **kwargs)

    # Called as the view was, answering as it does: the admin takes it for the view.
    return cast(_View, inner)


def view_on_site(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """Django's "view on site" redirect; an object with no public address is a 404."""
    try:
        return shortcut(request, content_type_id, object_id)
    except NoReverseMatch:
        raise Http404("This has no page on the public site.") from None


class SiteAdmin(admin.AdminSite):
    index_title = "Staff pages"
    # The queue's columns need the width more than a second list of the models.
    enable_nav_sidebar = False

    def each_context(self, request: HttpRequest) -> dict:
        # The clinic's own name, as on the public pages, not "Django administration".
        return {
            **super().each_context(request),
            "site_header": f"{settings.SITE_NAME}: staff",
            "site_title": f"{settings.SITE_NAME} staff",
        }

    def register(
        self,
        model_or_iterable: type[_M] | Iterable[type[_M]],
        admin_class: type[admin.ModelAdmin[_M]] | None = None,
        **options: Any,
    ) -> None:
        # A list, as Django makes it: a generator would be used up by the first loop.
        registered = (
            [model_or_iterable]
            if isinstance(model_or_iterable, ModelBase)
            else list(model_or_iterable)
        )
        super().register(registered, admin_class, **options)
        # An address typed into the admin (a staff member's own, say) is checked
        # and stored as the public forms store it: one field for every model at once.
        for model in registered:
            if self.is_registered(model):  # a swapped model is skipped by Django
                # ModelAdmin.__init__ made this admin its own dict of dicts to change;
                # the stubs declare the class attribute's read-only Mapping.
                overrides = cast(
                    dict[type[models.Field], dict[str, Any]],
                    self.get_model_admin(model).formfield_overrides,
                )
                overrides.setdefault(models.EmailField, {})["form_class"] = EmailAddressField

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        # Django wraps every admin page, the models' included, in admin_view.
        return super().admin_view(_refuse_bad_input(view), cacheable)

    def get_urls(self) -> list[URLResolver | URLPattern]:
        return [
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(view_on_site),
                name="view_on_site",
            ),
            *super().get_urls(),
        ]
