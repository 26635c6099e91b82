"""The clinicians' public pages, /experts/<slug>/ (their own URL namespace)."""

from django.urls import path, re_path

from core.cache import public_page

from . import views

app_name = "experts"

urlpatterns = [
    path(
        "<slug:slug>/",
        public_page(params=("page",))(views.ExpertDetailView.as_view()),
        name="detail",
    ),
    re_path(
        r"^(?P<slug>[-a-zA-Z0-9_]+)/photo-(?P<version>[0-9]+)\.jpg$",
        public_page(views.expert_photo),
        name="photo",
    ),
]
