from django.urls import path

from .views import calendar, changelog, health, home

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
    path("changes/", changelog.changelog, name="changelog"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("healthz", health.health, name="health"),
    path("readyz", health.ready, name="ready"),
]
