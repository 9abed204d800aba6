"""The dashboard, the unit scorecards and the lists behind their figures."""

from django.urls import path

from . import views_dashboard

urlpatterns = [
    path("obstacles/", views_dashboard.obstacle_tasks, name="obstacle_tasks"),
]
