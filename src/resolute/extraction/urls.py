from django.urls import path

from . import views

app_name = "extraction"
urlpatterns = [
    path("documents/<int:document_pk>/", views.proposal_list, name="list"),
    path("documents/<int:document_pk>/new/", views.proposal_new, name="new"),
    path("<int:pk>/", views.proposal_detail, name="proposal"),
    path("<int:pk>/items/<int:item_pk>/", views.item_decide, name="item_decide"),
    path("<int:pk>/confirm/", views.proposal_confirm, name="confirm"),
    path("<int:pk>/cancel/", views.proposal_cancel, name="cancel"),
]
