"""Routes of data entry, approval and the XLSX template and import."""

from django.urls import path

from . import entry_views

urlpatterns = [
    path("entry/", entry_views.entry, name="entry"),
    path("entry/submit/", entry_views.entry_submit, name="entry_submit"),
    path("entry/open/", entry_views.entry_open_period, name="entry_open_period"),
    path("approvals/", entry_views.approvals, name="approvals"),
    path("approvals/decide/", entry_views.approvals_decide, name="approvals_decide"),
    path("entry/template/", entry_views.entry_template, name="entry_template"),
    path("import/", entry_views.value_import, name="import"),
    path("import/<int:pk>/", entry_views.value_import_detail, name="import_detail"),
]
