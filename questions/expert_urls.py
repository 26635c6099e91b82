"""The clinicians' public pages, /experts/<slug>/ (their own URL namespace)."""

from django.urls import path

from core.cache import public_page

from . import views

app_name = "experts"

urlpatterns = [
    path(
        "<slug:slug>/",
        public_page(params=("page",))(views.ExpertDetailView.as_view()),
        name="detail",
    ),
]
