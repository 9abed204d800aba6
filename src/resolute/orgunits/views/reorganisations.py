"""The pages of reorganisations: the list, a reorganisation's page (its draft, or what applying did)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors


@login_required
def reorganisation_list(request):
    reorganisations = selectors.visible_reorganisations(request.user).select_related("area")
    return render(request, "orgunits/reorganisation_list.html", {"reorganisations": list(reorganisations)})


@login_required
def reorganisation_detail(request, pk):
    reorganisation = selectors.get_visible_reorganisation(request.user, pk)
    return render(request, "orgunits/reorganisation_detail.html", {"reorganisation": reorganisation})
