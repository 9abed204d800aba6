"""All target URLs, under the `targets` namespace: targets and indicators, then the entry, approval,
template and import of their values."""

from django.urls import path

from .views import entry, targets

app_name = "targets"
urlpatterns = [
    path("", targets.target_list, name="list"),
    path("new/", targets.target_create, name="target_create"),
    path("<int:pk>/", targets.target_detail, name="target_detail"),
    path("<int:pk>/edit/", targets.target_edit, name="target_edit"),
    path("indicators/", targets.indicator_list, name="indicator_list"),
    path("indicators/new/", targets.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", targets.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", targets.indicator_edit, name="indicator_edit"),
    path("entry/", entry.entry, name="entry"),
    path("entry/submit/", entry.entry_submit, name="entry_submit"),
    path("entry/open/", entry.entry_open_period, name="entry_open_period"),
    path("approvals/", entry.approvals, name="approvals"),
    path("approvals/decide/", entry.approvals_decide, name="approvals_decide"),
    path("entry/template/", entry.entry_template, name="entry_template"),
    path("import/", entry.value_import, name="import"),
    path("import/<int:pk>/", entry.value_import_detail, name="import_detail"),
    path("import/<int:pk>/cancel/", entry.value_import_cancel, name="import_cancel"),
]
