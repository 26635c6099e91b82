from django.urls import path

from core.cache import public_page

from . import views

app_name = "drugs"

urlpatterns = [
    path("", public_page(params=views.filters_in_effect)(views.drug_list), name="list"),
    path("<slug:slug>/", public_page(views.drug_detail), name="detail"),
]
