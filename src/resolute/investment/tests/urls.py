"""The site's URLs for the tests of the shared surfaces, with stand-ins for the public-investment pages
while the app's own pages (`investment.urls`) are not part of the site: the panels, the report and the
ladder link to them by name. Once the pages exist, this is the site's URLs unchanged."""

from importlib.util import find_spec

from django.http import HttpResponse
from django.urls import include, path

from resolute.config.urls import urlpatterns as site


def stand_in(request, *args, **kwargs):
    return HttpResponse("")


if find_spec("resolute.investment.urls") is not None:
    urlpatterns = site
else:
    pages = [
        path("", stand_in, name="overview"),
        path("league/", stand_in, name="league"),
        path("obstacles/", stand_in, name="obstacles"),
        path("at-risk/", stand_in, name="at_risk"),
        path("projects/", stand_in, name="projects"),
        path("projects/<int:pk>/", stand_in, name="project"),
        path("reports/<int:pk>/", stand_in, name="report"),
        path("plans/", stand_in, name="plans"),
        path("plans/<int:pk>/", stand_in, name="plan"),
        path("plans/<int:pk>/extensions/", stand_in, name="extensions"),
    ]
    urlpatterns = [*site, path("investment/", include((pages, "investment")))]
