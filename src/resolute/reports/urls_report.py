"""Implementation reports on a document: mounted at /reports/implementation/."""

from django.urls import path

from . import views_report

urlpatterns = [
    path("document/<int:document_pk>/", views_report.report_list, name="report_list"),
    path("document/<int:document_pk>/new/", views_report.report_new, name="report_new"),
    path("<int:pk>/", views_report.report_detail, name="report_detail"),
    path("<int:pk>/redraft/", views_report.report_redraft, name="report_redraft"),
    path("<int:pk>/report.docx", views_report.report_docx, name="report_docx"),
    path("<int:pk>/report.pdf", views_report.report_pdf, name="report_pdf"),
]
