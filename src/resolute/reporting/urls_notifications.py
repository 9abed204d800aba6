"""Notifications: the bell, the list, following one, marking read, preferences, and the
administrators' outbox."""

from django.urls import path

from . import notification_views as views

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("bell/", views.notification_bell, name="notification_bell"),
    path("<int:pk>/open/", views.notification_open, name="notification_open"),
    path("read/", views.notification_mark_read, name="notifications_mark_read"),
    path("settings/", views.notification_preferences, name="notification_preferences"),
    path("outbox/", views.outbox_list, name="outbox"),
    path("outbox/retry/", views.outbox_retry, name="outbox_retry"),
]
