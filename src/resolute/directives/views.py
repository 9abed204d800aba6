from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import Document


@login_required
def document_list(request):
    documents = Document.objects.visible_to(request.user).select_related("issuer")
    return render(request, "directives/document_list.html", {"documents": documents})


@login_required
def document_detail(request, pk):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    return render(request, "directives/document_detail.html", {"document": document})
