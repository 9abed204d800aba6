"""The site's URLs with the targets pages mounted at /targets/, for tests that run before the site
includes them."""

from django.urls import include, path

from resolute.config.urls import urlpatterns as site_urlpatterns

mounted = any(getattr(pattern, "namespace", None) == "targets" for pattern in site_urlpatterns)
urlpatterns = [*site_urlpatterns]
if not mounted:
    urlpatterns.append(path("targets/", include("resolute.targets.urls")))
