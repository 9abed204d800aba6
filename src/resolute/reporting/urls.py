"""Reporting URLs, under the `reporting` namespace: regimes and compliance, notifications (and the
administrators' outbox), and the office's follow-up board, urging letters and ladder settings."""

from django.urls import path

from .views import compliance, ladder, notifications, regimes

app_name = "reporting"
urlpatterns = [
    # Regimes and compliance.
    path("regimes/", regimes.regime_list, name="regime_list"),
    path("regimes/new/", regimes.regime_create, name="regime_create"),
    path("regimes/<int:pk>/", regimes.regime_edit, name="regime_edit"),
    path("compliance/", compliance.compliance_page, name="compliance"),
    path("compliance/report/", compliance.compliance_cell, name="compliance_cell"),
    path("units/<int:pk>/record/", compliance.unit_record, name="unit_record"),
    # Notifications: the bell, the list, following one, marking read, preferences, the outbox.
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/bell/", notifications.notification_bell, name="notification_bell"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path("notifications/read/", notifications.notification_mark_read, name="notifications_mark_read"),
    path("notifications/settings/", notifications.notification_preferences, name="notification_preferences"),
    path("notifications/outbox/", notifications.outbox_list, name="outbox"),
    path("notifications/outbox/retry/", notifications.outbox_retry, name="outbox_retry"),
    # The follow-up board, urging letters and the ladder's settings.
    path("follow-up/", ladder.board, name="board"),
    path("letters/new/", ladder.letter_create, name="letter_create"),
    path("letters/<int:pk>/", ladder.letter_detail, name="letter_detail"),
    path("letters/<int:pk>/send/", ladder.letter_send, name="letter_send"),
    path("letters/<int:pk>/download/", ladder.letter_download, name="letter_download"),
    path("letters/<int:pk>/signed-scan/", ladder.letter_scan_download, name="letter_scan_download"),
    path("ladder/", ladder.ladder_settings, name="ladder_settings"),
    path("escalations/<int:pk>/resolve/", ladder.escalation_resolve, name="escalation_resolve"),
]
