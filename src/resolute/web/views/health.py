"""The health probe for load balancers and `make run` checks."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request):
    """For load balancers and `make run` checks: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    ContentType.objects.exists()
    return HttpResponse("ok", content_type="text/plain")
