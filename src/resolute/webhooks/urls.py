from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("", views.webhook_list, name="list"),
    path("new/", views.webhook_create, name="create"),
    path("<int:pk>/", views.webhook_detail, name="detail"),
    path("<int:pk>/edit/", views.webhook_edit, name="edit"),
    path("<int:pk>/deactivate/", views.webhook_deactivate, name="deactivate"),
    path("<int:pk>/test/", views.webhook_test, name="test"),
    path("<int:pk>/secret/", views.webhook_new_secret, name="new_secret"),
    path("<int:pk>/deliveries/<int:delivery_pk>/retry/", views.delivery_retry, name="retry"),
]
