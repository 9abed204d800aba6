"""The task lists: the inbox of the user's units, the full list and its Excel export."""

from django.urls import path

from . import list_views

urlpatterns = [
    path("", list_views.task_list, name="list"),
    path("inbox/", list_views.task_inbox, name="inbox"),
    path("export.xlsx", list_views.task_export, name="export"),
]
