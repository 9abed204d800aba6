"""The task page and the follow-up forms: assignment, sub-tasks, reports, extensions, completion,
cancellation, comments and evidence files."""

from django.urls import path

from . import views

urlpatterns = [
    path("new/", views.task_create, name="create"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/edit/", views.task_edit, name="edit"),
    path("<int:pk>/subtasks/new/", views.subtask_create, name="subtask_create"),
    path("<int:pk>/reports/new/", views.report_create, name="report"),
    path("<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("<int:pk>/completion/", views.completion_propose, name="completion_propose"),
    path("completions/<int:pk>/decide/", views.completion_decide, name="completion_decide"),
    path("<int:pk>/cancel/", views.task_cancel, name="cancel"),
    path("<int:pk>/comments/new/", views.comment_create, name="comment"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
