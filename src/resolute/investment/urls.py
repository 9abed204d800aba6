"""Public investment's pages, under the `investment` namespace."""

from django.urls import path

from .views import imports

app_name = "investment"
urlpatterns = [
    path("plans/<int:pk>/treasury-import/", imports.treasury_import, name="treasury_import"),
    path("plans/<int:pk>/treasury-template.xlsx", imports.treasury_template, name="treasury_template"),
]
