from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("questions/<slug:slug>/helpful/", views.helpful, name="helpful"),
    path("questions/<slug:slug>/helpful/thanks/", views.thanks, name="thanks"),
]
