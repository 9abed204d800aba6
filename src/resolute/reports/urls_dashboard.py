"""The dashboard, the unit scorecards and the lists behind their figures."""

from django.urls import path

from . import views_dashboard

urlpatterns = [
    path("", views_dashboard.dashboard, name="dashboard"),
    path("units/<int:pk>/", views_dashboard.scorecard, name="scorecard"),
    path("obstacles/", views_dashboard.obstacle_tasks, name="obstacle_tasks"),
]
