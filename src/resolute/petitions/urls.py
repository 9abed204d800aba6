"""Every petition URL, under the `petitions` namespace: the list and its export, the intake form and
the receipt, a petition's page, one URL per step, the files, and the petitioner's public page (no
sign-in) at `lookup/`."""

from django.urls import path

from .views import intake, lists, lookup, petition, statistics

app_name = "petitions"
urlpatterns = [
    path("", lists.petition_list, name="list"),
    path("export/", lists.petition_export, name="export"),
    # Intake.
    path("new/", intake.petition_create, name="new"),
    path("new/duplicates/", intake.duplicate_check, name="duplicates"),
    path("<int:pk>/receipt/", intake.receipt, name="receipt"),
    # A petition and its steps.
    path("<int:pk>/", petition.petition_detail, name="detail"),
    path("<int:pk>/reclassify/", petition.reclassify, name="reclassify"),
    path("<int:pk>/complexity/", petition.change_complexity, name="complexity"),
    path("<int:pk>/route/", petition.route, name="route"),
    path("<int:pk>/forward/", petition.forward, name="forward"),
    path("<int:pk>/link-duplicate/", petition.link_duplicate, name="link"),
    path("<int:pk>/handlers/assign/", petition.assign_handler, name="assign"),
    path("<int:pk>/handlers/remove/", petition.remove_handler, name="remove"),
    path("<int:pk>/accept/", petition.accept, name="accept"),
    path("<int:pk>/refuse/", petition.refuse, name="refuse"),
    path("<int:pk>/steps/", petition.record_step, name="step"),
    path("<int:pk>/extend/", petition.extend, name="extend"),
    path("<int:pk>/decide/", petition.decide, name="decide"),
    path("<int:pk>/publish/", petition.publish, name="publish"),
    path("<int:pk>/enforce/", petition.enforce, name="enforce"),
    path("<int:pk>/withdraw/", petition.withdraw, name="withdraw"),
    path("files/<int:pk>/", petition.file_download, name="file"),
    # The figures and the periodic report to the inspectorate.
    path("statistics/", statistics.statistics_page, name="statistics"),
    path("statistics/report/", statistics.inspectorate_report, name="inspectorate_report"),
    # The petitioner's public page.
    path("lookup/", lookup.lookup, name="lookup"),
]
