"""The follow-up board, urging letters and the ladder's settings."""

from django.urls import path

from . import ladder_views

urlpatterns = [
    path("follow-up/", ladder_views.board, name="board"),
    path("letters/new/", ladder_views.letter_create, name="letter_create"),
    path("letters/<int:pk>/", ladder_views.letter_detail, name="letter_detail"),
    path("letters/<int:pk>/send/", ladder_views.letter_send, name="letter_send"),
    path("letters/<int:pk>/download/", ladder_views.letter_download, name="letter_download"),
    path("letters/<int:pk>/signed-scan/", ladder_views.letter_scan_download, name="letter_scan_download"),
    path("ladder/", ladder_views.ladder_settings, name="ladder_settings"),
    path("escalations/<int:pk>/resolve/", ladder_views.escalation_resolve, name="escalation_resolve"),
]
