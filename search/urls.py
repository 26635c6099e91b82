from django.urls import path

from core.cache import public_page

from . import misses, views

app_name = "search"

urlpatterns = [
    # Outside the page cache, so that a miss served from it is counted too.
    path(
        "search/",
        misses.counted(public_page(params=("q", "page"))(views.search)),
        name="search",
    ),
    # A result opened from a search (its link's ping): counted, never cached.
    path("search/opened/", views.result_opened, name="opened"),
    # Answers like the question being typed on /ask/ (asked by its script).
    path("ask/similar/", views.similar_while_asking, name="ask_similar"),
]
