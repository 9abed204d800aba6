"""Reporting URLs, under the `reporting` namespace."""

from django.urls import include, path

app_name = "reporting"
urlpatterns = [
    path("", include("resolute.reporting.urls_regimes")),
    path("notifications/", include("resolute.reporting.urls_notifications")),
    path("", include("resolute.reporting.urls_ladder")),
]
