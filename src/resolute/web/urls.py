from django.urls import path

from . import calendar_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("changes/", views.changelog, name="changelog"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("healthz", views.health, name="health"),
]
