from django.urls import path

from . import views

app_name = "directives"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("lookup", views.document_lookup, name="lookup"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/files/new/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/files/<int:attachment_pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("<int:pk>/relations/new/", views.relation_add, name="relation_add"),
    path("<int:pk>/relations/<int:relation_pk>/remove/", views.relation_remove, name="relation_remove"),
]
