from django.urls import path

from core.cache import public_page

from . import views

app_name = "search"

urlpatterns = [
    path("search/", public_page(params=("q", "page"))(views.search), name="search"),
    # Answers like the question being typed on /ask/ (asked by its script).
    path("ask/similar/", views.similar_while_asking, name="ask_similar"),
]
