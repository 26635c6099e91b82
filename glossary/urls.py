from django.urls import path

from core.cache import public_page

from . import views

app_name = "glossary"

urlpatterns = [
    path("", public_page(views.term_list), name="list"),
    path("<slug:slug>/", public_page(views.term_detail), name="detail"),
]
