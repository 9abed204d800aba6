"""The dashboard, the unit scorecards and the lists behind their figures, and the implementation
reports on a document (under /implementation/)."""

from django.urls import path

from .views import dashboard, report

app_name = "reports"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("units/<int:pk>/", dashboard.scorecard, name="scorecard"),
    path("obstacles/", dashboard.obstacle_tasks, name="obstacle_tasks"),
    path("implementation/document/<int:document_pk>/", report.report_list, name="report_list"),
    path("implementation/document/<int:document_pk>/new/", report.report_new, name="report_new"),
    path("implementation/<int:pk>/", report.report_detail, name="report_detail"),
    path("implementation/<int:pk>/redraft/", report.report_redraft, name="report_redraft"),
    path("implementation/<int:pk>/report.docx", report.report_docx, name="report_docx"),
    path("implementation/<int:pk>/report.pdf", report.report_pdf, name="report_pdf"),
]
