from django.urls import path

from core.cache import public_page

from . import views

app_name = "reading"

urlpatterns = [
    path("display/", public_page(views.display), name="display"),
]
