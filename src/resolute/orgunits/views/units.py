"""Pages of the organisation tree: the tree and its search, a unit's page, the unit picker, and
the administration forms (add, edit, move, close)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from resolute.core import clock
from resolute.core.changelog import history_of
from resolute.core.contributions import UnitPanel, contributed
from resolute.core.exceptions import StaleObjectError
from resolute.core.forms import saved_meanwhile_message
from resolute.core.lookups import suggestions_response
from resolute.core.pagination import page_of
from resolute.core.replica import reads_from_replica

from .. import actions, selectors
from ..access import AccessChangeNeedsConfirmation
from ..filters import OrgUnitFilter
from ..forms import CloseUnitForm, MoveUnitForm, TreeDayForm, UnitForm, unit_lookup_text
from ..history import attach_lineage_matches
from ..models import OrgUnit
from ..permissions import (
    can_add_top_level_unit,
    can_administer_anything,
    can_administer_unit,
    can_view_members,
)
from ..search import best_matching_units

SEARCH_RESULTS_PER_PAGE = 50


def rendered_unit_panels(request, unit) -> list[str]:
    """What the apps above contribute to the unit page (task rates, reporting record, …)."""
    rendered = []
    for panel in contributed(UnitPanel):
        result = panel.render(request, unit)
        if result is not None:
            template_name, context = result
            rendered.append(render_to_string(template_name, context, request=request))
    return rendered


@login_required
def unit_tree(request):
    """The units the user can see, nested; with a search, the matching units and where they sit.
    With `?as_of=YYYY-MM-DD`, the tree as it stood on that day (the search is always today's)."""
    unit_filter = OrgUnitFilter(
        request.GET,
        queryset=selectors.visible_units(request.user).only(*selectors.SEARCH_RESULT_FIELDS),
        request=request,
    )
    include_closed = unit_filter.form.is_valid() and bool(unit_filter.form.cleaned_data.get("include_closed"))
    context = {
        "filter": unit_filter,
        "include_closed": include_closed,
        "can_add_top_level": can_add_top_level_unit(request.user),
        "can_prepare_reorganisations": can_administer_anything(request.user),
    }
    day_form = TreeDayForm(request.GET, auto_id="tree-day-%s")
    as_of = day_form.day()
    context.update(day_form=day_form, as_of=as_of, is_today=as_of == clock.today())
    if unit_filter.is_searching:
        page = page_of(request, unit_filter.qs.order_by("path"), SEARCH_RESULTS_PER_PAGE)
        query = unit_filter.form.cleaned_data.get("q") or ""
        page.object_list = attach_lineage_matches(
            selectors.attach_ancestors(request.user, page.object_list), query
        )
        context.update(searching=True, page_obj=page, query=query)
    else:
        context.update(
            searching=False,
            tree=selectors.unit_tree(request.user, include_closed=include_closed, day=as_of),
        )
    return render(request, "orgunits/tree.html", context)


@login_required
def unit_detail(request, pk):
    unit = selectors.get_visible_unit(request.user, pk)
    page = selectors.unit_page(request.user, unit, show_members=can_view_members(request.user, unit))
    return render(
        request,
        "orgunits/detail.html",
        {
            "unit": unit,
            "page": page,
            "can_administer": can_administer_unit(request.user, unit),
            "history": history_of(unit),
            "panels": rendered_unit_panels(request, unit),
        },
    )


@login_required
@reads_from_replica
def unit_search(request):
    """The unit picker: open units the user can see whose names or code match `q`.

    An HTMX request gets the bare result list (or, with `as=options`, <option> elements for a
    <select>); a plain request gets a page with the search box, so every link works without
    JavaScript. `administered=1` keeps only units the user administers (to pick a parent)."""
    query = request.GET.get("q", "")
    units = list(
        selectors.units_for_picker(
            request.user, query, administered_only=request.GET.get("administered") == "1"
        )
    )
    context = {"units": units, "query": query}
    if request.htmx:
        partial = "options" if request.GET.get("as") == "options" else "results"
        return render(request, f"orgunits/unit_search.html#{partial}", context)
    return render(request, "orgunits/unit_search.html", context)


@login_required
@require_GET
@reads_from_replica
def unit_lookup(request):
    """The units a filter's box suggests as the user types (`core.lookups`): JSON, the best matches
    of `q` among the units the user may see — narrowed to the filter's own choices by `within` —
    each with its parent to tell apart units of one name."""
    return suggestions_response(
        request,
        selectors.units_for_lookup(request.user),
        model=OrgUnit,
        search=best_matching_units,
        text_of=unit_lookup_text,
        detail_of=lambda unit: str(unit.parent.display_name) if unit.parent_id else "",
    )


def _save_or_show_errors(form, write, context=None):
    """Run `write` (which calls an action) in one transaction; on a rule broken, show the error on
    the form and write nothing. Returns the action's result, or None when it failed. A change that
    alters who sees what and is not yet confirmed puts its preview in `context` (the page then asks
    for the confirmation, which re-posts the same fields)."""
    try:
        with transaction.atomic():
            return write()
    except ValidationError as error:
        form.add_action_error(error)
    except StaleObjectError as error:
        form.add_error(None, ValidationError(saved_meanwhile_message(error), code="stale"))
    except AccessChangeNeedsConfirmation as preview:
        if context is not None:
            access_change = preview.access_change
            context.update(
                access_change=access_change,
                access_rows=access_change.rows(),
                access_rows_not_listed=access_change.as_dict()["users_not_listed"],
                access_change_moved=preview.moved_since_preview,
            )
    return None


def _confirmed(request) -> str:
    """The fingerprint of the preview the user confirmed ("" when none): the action saves only if the
    change's effect is still the one that preview showed."""
    return request.POST.get("confirm_access_change", "")


@login_required
def unit_create(request, pk=None):
    """Add a unit under the unit `pk` (administrators of it), or at the top (superusers)."""
    if pk is None:
        if not can_add_top_level_unit(request.user):
            raise PermissionDenied(_("Only a superuser may add a top-level unit."))
        parent = None
    else:
        parent = selectors.get_unit_to_administer(request.user, pk)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def write():
            # Re-read the parent under lock: it must still be ours when the child is added.
            locked_parent = (
                selectors.get_unit_to_administer(request.user, pk, for_update=True) if pk else None
            )
            return actions.create_unit(acting_user=request.user, parent=locked_parent, **form.unit_fields())

        unit = _save_or_show_errors(form, write)
        if unit is not None:
            messages.success(request, _("%(unit)s was added.") % {"unit": unit})
            return redirect(unit)
    return render(request, "orgunits/unit_form.html", {"form": form, "parent": parent, "unit": None})


@login_required
def unit_edit(request, pk):
    unit = selectors.get_unit_to_administer(request.user, pk)
    form = UnitForm(request.POST or None, instance=unit)
    context = {"form": form, "parent": unit.parent, "unit": unit}
    if request.method == "POST" and form.is_valid():

        def write():
            locked = selectors.get_unit_to_administer(request.user, pk, for_update=True)
            return actions.update_unit(
                acting_user=request.user,
                unit=locked,
                expected_version=form.cleaned_data["version"],
                confirm_access_change=_confirmed(request),
                **form.unit_fields(),
            )

        saved = _save_or_show_errors(form, write, context)
        if saved is not None:
            messages.success(request, _("The changes to %(unit)s were saved.") % {"unit": saved})
            return redirect(saved)
    context["is_stale"] = form.has_error(NON_FIELD_ERRORS, "stale")
    return render(request, "orgunits/unit_form.html", context)


@login_required
def unit_move(request, pk):
    """Choose a new parent. `q` narrows the list of parents (a plain GET without JavaScript; with
    HTMX, only the <select> comes back)."""
    unit = selectors.get_unit_to_administer(request.user, pk)
    form = MoveUnitForm(request.POST or None, user=request.user, unit=unit)
    narrowed_by = "" if form.is_bound else request.GET.get("q", "").strip()
    if narrowed_by:
        form.narrow_parent_choices(narrowed_by)
    context = {"form": form, "unit": unit, "narrowed_by": narrowed_by}
    if request.htmx and not form.is_bound:
        return render(request, "orgunits/unit_move.html#parent-select", context)
    if request.method == "POST" and form.is_valid():

        def write():
            locked = selectors.get_unit_to_administer(request.user, pk, for_update=True)
            return actions.move_unit(
                acting_user=request.user,
                unit=locked,
                new_parent=form.cleaned_data["parent"],
                confirm_access_change=_confirmed(request),
            )

        moved = _save_or_show_errors(form, write, context)
        if moved is not None:
            messages.success(request, _("%(unit)s was moved.") % {"unit": moved})
            return redirect(moved)
    return render(request, "orgunits/unit_move.html", context)


@login_required
def unit_close(request, pk):
    unit = selectors.get_unit_to_administer(request.user, pk)
    form = CloseUnitForm(request.POST or None, user=request.user, unit=unit)
    context = {"form": form, "unit": unit}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write():
            locked = selectors.get_unit_to_administer(request.user, pk, for_update=True)
            return actions.close_unit(
                acting_user=request.user,
                unit=locked,
                closed_on=data["closed_on"],
                successors=data["successors"],
                kind=data["kind"],
                note=data["note"],
                confirm_access_change=_confirmed(request),
            )

        closed = _save_or_show_errors(form, write, context)
        if closed is not None:
            messages.success(request, _("%(unit)s was closed.") % {"unit": closed})
            return redirect(closed)
    return render(request, "orgunits/unit_close.html", context)
