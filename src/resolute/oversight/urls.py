"""Every oversight URL, under the `oversight` namespace: the conclusions, the form that registers one,
a conclusion with its recommendations, the list of recommendations behind the ledger's figures, a
recommendation with one POST address per thing recorded on it, and the ledger. The list of
recommendations and the ledger give their rows as an Excel file with `?format=xlsx`."""

from django.urls import path

from .views import ledger, oversights, recommendations

app_name = "oversight"
urlpatterns = [
    # The conclusions.
    path("", oversights.oversight_list, name="list"),
    path("new/", oversights.oversight_create, name="new"),
    path("<int:pk>/", oversights.oversight_detail, name="detail"),
    path("<int:pk>/recommendations/new/", oversights.recommendation_create, name="recommendation_new"),
    # The recommendations.
    path("recommendations/", recommendations.recommendation_list, name="recommendations"),
    path("recommendations/<int:pk>/", recommendations.recommendation_page, name="recommendation"),
    path("recommendations/<int:pk>/recoveries/new/", recommendations.recovery_create, name="recovery_new"),
    path(
        "recommendations/<int:pk>/discipline/new/",
        recommendations.discipline_case_create,
        name="discipline_new",
    ),
    path("discipline/<int:pk>/decide/", recommendations.discipline_case_decide, name="discipline_decide"),
    path("recommendations/<int:pk>/closure/", recommendations.closure_confirm, name="closure_confirm"),
    # The ledger.
    path("ledger/", ledger.ledger_page, name="ledger"),
]
