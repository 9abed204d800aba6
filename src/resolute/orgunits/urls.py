from django.urls import path

from .views import reorganisations, units

app_name = "orgunits"
urlpatterns = [
    path("", units.unit_tree, name="tree"),
    path("search", units.unit_search, name="search"),
    path("lookup", units.unit_lookup, name="lookup"),
    path("add/", units.unit_create, name="create"),
    path("<int:pk>/", units.unit_detail, name="detail"),
    path("<int:pk>/add/", units.unit_create, name="create_child"),
    path("<int:pk>/edit/", units.unit_edit, name="edit"),
    path("<int:pk>/move/", units.unit_move, name="move"),
    path("<int:pk>/close/", units.unit_close, name="close"),
    path("reorganisations/", reorganisations.reorganisation_list, name="reorganisations"),
    path("reorganisations/add/", reorganisations.reorganisation_create, name="reorganisation_create"),
    path("reorganisations/<int:pk>/", reorganisations.reorganisation_detail, name="reorganisation"),
    path("reorganisations/<int:pk>/edit/", reorganisations.reorganisation_edit, name="reorganisation_edit"),
    path(
        "reorganisations/<int:pk>/units/add/",
        reorganisations.planned_unit_create,
        name="reorganisation_unit_create",
    ),
    path(
        "reorganisations/<int:pk>/steps/add/", reorganisations.step_create, name="reorganisation_step_create"
    ),
    path(
        "reorganisations/<int:pk>/steps/<int:step_pk>/delete/",
        reorganisations.step_delete,
        name="reorganisation_step_delete",
    ),
    path(
        "reorganisations/<int:pk>/import/",
        reorganisations.reorganisation_import,
        name="reorganisation_import",
    ),
    path(
        "reorganisations/<int:pk>/import/template.xlsx",
        reorganisations.import_template,
        name="reorganisation_import_template",
    ),
    path(
        "reorganisations/<int:pk>/preview/",
        reorganisations.reorganisation_preview,
        name="reorganisation_preview",
    ),
    path(
        "reorganisations/<int:pk>/apply/", reorganisations.reorganisation_apply, name="reorganisation_apply"
    ),
]
