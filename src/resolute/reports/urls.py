"""The dashboard and scorecards (`urls_dashboard`) and the implementation reports (`urls_report`)."""

from django.urls import include, path

app_name = "reports"
urlpatterns = [
    path("", include("resolute.reports.urls_dashboard")),
    path("implementation/", include("resolute.reports.urls_report")),
]
