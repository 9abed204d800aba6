from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import OrgUnit


@login_required
def unit_tree(request):
    units = OrgUnit.objects.visible_to(request.user)
    return render(request, "orgunits/tree.html", {"units": units})


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    return render(request, "orgunits/detail.html", {"unit": unit})
