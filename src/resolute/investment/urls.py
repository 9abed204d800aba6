"""Every public-investment URL, under the `investment` namespace: the overview and the lists behind its
panels, the projects, the plans and their changes, the disbursement reports, the extensions and the
import of the State Treasury's reconciliation. Each list gives its rows as an Excel file with
`?format=xlsx`."""

from django.urls import path

from .views import disbursements, extensions, imports, overview, plans, projects

app_name = "investment"
urlpatterns = [
    # The overview of a plan and the lists behind its panels.
    path("", overview.overview, name="overview"),
    path("league/", overview.league, name="league"),
    path("obstacles/", overview.obstacles, name="obstacles"),
    path("at-risk/", overview.at_risk_list, name="at_risk"),
    # Projects.
    path("projects/", projects.project_list, name="projects"),
    path("projects/new/", projects.project_create, name="project_new"),
    path("projects/<int:pk>/", projects.project_detail, name="project"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/reports/new/", disbursements.report_create, name="report_new"),
    path("reports/<int:pk>/", disbursements.report_detail, name="report"),
    # Plans and their changes.
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_create, name="plan_new"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/adjust/", plans.plan_adjust, name="plan_adjust"),
    path("plans/<int:pk>/transfer/", plans.plan_transfer, name="plan_transfer"),
    # Extensions.
    path("plans/<int:pk>/extensions/", extensions.extension_list, name="extensions"),
    path("plans/<int:pk>/extensions/new/", extensions.extension_create, name="extension_new"),
    path("extensions/<int:pk>/decide/", extensions.extension_decide, name="extension_decide"),
    # The State Treasury's monthly reconciliation of a plan.
    path("plans/<int:pk>/treasury-import/", imports.treasury_import, name="treasury_import"),
    path("plans/<int:pk>/treasury-template.xlsx", imports.treasury_template, name="treasury_template"),
]
