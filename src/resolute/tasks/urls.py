"""Every task URL, under the `tasks` namespace: the lists, the league table, the task page and the
follow-up forms (assignment, sub-tasks, reports, extensions, completion, cancellation, comments and
evidence files)."""

from django.urls import path

from .models import CompletionProposal, ExtensionRequest
from .views import follow_up, imports, lists, rates, tasks

app_name = "tasks"
urlpatterns = [
    # The lists and the league table.
    path("", lists.task_list, name="list"),
    path("inbox/", lists.task_inbox, name="inbox"),
    path("export.xlsx", lists.task_export, name="export"),
    path("league/", rates.league, name="league"),
    # Bringing task lists in from Excel.
    path("import/", imports.task_import, name="import"),
    path("import/template.xlsx", imports.task_import_template, name="import_template"),
    path("import/<int:pk>/", imports.task_import_detail, name="import_detail"),
    path("import/<int:pk>/confirm/", imports.task_import_confirm, name="import_confirm"),
    path("import/<int:pk>/cancel/", imports.task_import_cancel, name="import_cancel"),
    # A task and its follow-up.
    path("new/", tasks.task_create, name="create"),
    path("<int:pk>/", tasks.task_detail, name="detail"),
    path("<int:pk>/edit/", tasks.task_edit, name="edit"),
    path("<int:pk>/subtasks/new/", tasks.subtask_create, name="subtask_create"),
    path("<int:pk>/reports/new/", follow_up.report_create, name="report"),
    path("<int:pk>/extension/", follow_up.extension_request, name="extension_request"),
    path("<int:pk>/extension/record/", follow_up.extension_record, name="extension_record"),
    path(
        "extensions/<int:pk>/decide/",
        follow_up.request_decide,
        {"model": ExtensionRequest},
        name="extension_decide",
    ),
    path("<int:pk>/completion/", follow_up.completion_propose, name="completion_propose"),
    path(
        "completions/<int:pk>/decide/",
        follow_up.request_decide,
        {"model": CompletionProposal},
        name="completion_decide",
    ),
    path("<int:pk>/cancel/", tasks.task_cancel, name="cancel"),
    path("<int:pk>/comments/new/", tasks.comment_create, name="comment"),
    path("evidence/<int:pk>/", tasks.evidence_download, name="evidence_download"),
]
