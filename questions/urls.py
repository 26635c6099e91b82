from django.urls import path, re_path

from core.cache import public_page

from . import ask_views, comment_views, views

app_name = "questions"

# The query parameters a page reads; the page cache ignores all others.
PAGE = ("page",)

urlpatterns = [
    path("", public_page(views.home), name="home"),
    path("questions/", public_page(params=PAGE)(views.QuestionListView.as_view()), name="list"),
    path("questions/<slug:slug>/", public_page(views.question_detail), name="detail"),
    path("questions/<slug:slug>/reply/", comment_views.reply, name="reply"),
    path("questions/<slug:slug>/reply/sent/", comment_views.reply_sent, name="reply_sent"),
    path("archive/", public_page(views.archive_index), name="archive"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        public_page(params=PAGE)(views.ArchiveMonthView.as_view()),
        name="archive_month",
    ),
    path(
        "category/<slug:slug>/",
        public_page(params=PAGE)(views.CategoryView.as_view()),
        name="category",
    ),
    path("ask/", ask_views.ask, name="ask"),
    path("ask/thanks/<str:token>/", ask_views.ask_thanks, name="ask_thanks"),
    path("ask/status/<str:token>/", ask_views.ask_status, name="ask_status"),
    path("ask/status/<str:token>/erase/", ask_views.ask_status_erase, name="ask_status_erase"),
]
