"""All target URLs, under the `targets` namespace."""

from django.urls import path

from . import urls_entry, views

app_name = "targets"
urlpatterns = [
    path("", views.target_list, name="list"),
    path("new/", views.target_create, name="target_create"),
    path("<int:pk>/", views.target_detail, name="target_detail"),
    path("<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    *urls_entry.urlpatterns,
]
