"""Reporting URLs, under the `reporting` namespace."""

app_name = "reporting"
urlpatterns = []
