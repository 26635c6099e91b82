from django.urls import path, re_path

from . import views

app_name = "questions"

urlpatterns = [
    path("", views.home, name="home"),
    path("questions/", views.QuestionListView.as_view(), name="list"),
    path("questions/<slug:slug>/", views.question_detail, name="detail"),
    path("archive/", views.archive_index, name="archive"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.ArchiveMonthView.as_view(),
        name="archive_month",
    ),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
]
