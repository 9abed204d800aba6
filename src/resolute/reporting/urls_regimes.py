"""Routes of the regime settings and compliance pages (in the `reporting` namespace)."""

from django.urls import path

from . import regime_views

urlpatterns = [
    path("regimes/", regime_views.regime_list, name="regime_list"),
    path("regimes/new/", regime_views.regime_create, name="regime_create"),
    path("regimes/<int:pk>/", regime_views.regime_edit, name="regime_edit"),
    path("compliance/", regime_views.compliance_page, name="compliance"),
    path("compliance/report/", regime_views.compliance_cell, name="compliance_cell"),
    path("units/<int:pk>/record/", regime_views.unit_record, name="unit_record"),
]
