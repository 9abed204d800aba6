from django.urls import path

from .views import reorganisations, units

app_name = "orgunits"
urlpatterns = [
    path("", units.unit_tree, name="tree"),
    path("search", units.unit_search, name="search"),
    path("add/", units.unit_create, name="create"),
    path("<int:pk>/", units.unit_detail, name="detail"),
    path("<int:pk>/add/", units.unit_create, name="create_child"),
    path("<int:pk>/edit/", units.unit_edit, name="edit"),
    path("<int:pk>/move/", units.unit_move, name="move"),
    path("<int:pk>/close/", units.unit_close, name="close"),
    path("reorganisations/", reorganisations.reorganisation_list, name="reorganisations"),
    path("reorganisations/<int:pk>/", reorganisations.reorganisation_detail, name="reorganisation"),
]
