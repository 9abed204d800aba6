"""The rates pages: the league table of units (each unit's own rates are a panel on its page)."""

from django.urls import path

from . import rates_views

urlpatterns = [
    path("league/", rates_views.league, name="league"),
]
