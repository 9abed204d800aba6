from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from resolute.api.api import api
from resolute.api.versions import unversioned_urls

urlpatterns = [
    path("", include("resolute.web.urls")),
    path("accounts/", include("resolute.accounts.urls")),
    path("units/", include("resolute.orgunits.urls")),
    path("documents/", include("resolute.directives.urls")),
    path("tasks/", include("resolute.tasks.urls")),
    path("targets/", include("resolute.targets.urls")),
    path("plans/", include("resolute.extraction.urls")),
    path("reports/", include("resolute.reports.urls")),
    path("reporting/", include("resolute.reporting.urls")),
    path("investment/", include("resolute.investment.urls")),
    path("petitions/", include("resolute.petitions.urls")),
    path("oversight/", include("resolute.oversight.urls")),
    path("webhooks/", include("resolute.webhooks.urls")),
    path("api/v1/", api.urls),
    # The addresses before versions, answered as /api/v1/ for one more release (api/versions.py).
    path("api/", unversioned_urls(api)),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
