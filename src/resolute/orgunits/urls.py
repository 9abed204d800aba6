from django.urls import path

from . import views

app_name = "orgunits"
urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("search", views.unit_search, name="search"),
    path("add/", views.unit_create, name="create"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/add/", views.unit_create, name="create_child"),
    path("<int:pk>/edit/", views.unit_edit, name="edit"),
    path("<int:pk>/move/", views.unit_move, name="move"),
    path("<int:pk>/close/", views.unit_close, name="close"),
]
