"""What orgunits adds to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from resolute.core.contributions import AccessRecords, ApiRouter, CarriedWork, NavigationEntry, contribute
from resolute.core.events import EventKind
from resolute.core.jobs import BackgroundJob

from . import events
from .models import Reorganisation

contribute(
    ApiRouter(
        key="orgunits", order=20, prefix="/units", router="resolute.orgunits.api.router", label=_("Units")
    )
)
contribute(NavigationEntry(key="orgunits.tree", order=60, label=_("Organisation"), url_name="orgunits:tree"))


contribute(
    AccessRecords(
        key="units",
        order=40,
        model="orgunits.OrgUnit",
        noun=lambda count: ngettext("%(count)s unit", "%(count)s units", count),
    )
)


def _memberships_carried(handovers, reorganisation, acting_user):
    from .actions.reorganisations import carry_memberships

    return carry_memberships(handovers, reorganisation, acting_user)


def _memberships_held(units, day):
    from .reorganisation import memberships_held

    return memberships_held(units, day)


contribute(
    CarriedWork(
        key="orgunits.memberships",
        order=90,
        label=_("People's roles"),
        held=_memberships_held,
        carry=_memberships_carried,
    )
)


# Applying a reorganisation from a page runs on the long queue; the core's job machinery claims,
# watches and recovers it.
contribute(
    BackgroundJob(
        key="orgunits.reorganisation",
        model=Reorganisation,
        task="resolute.orgunits.jobs.apply_reorganisation_job",
        owner_field="applied_by",
        queued=Reorganisation.Status.QUEUED,
        running=(Reorganisation.Status.APPLYING,),
        failed=Reorganisation.Status.FAILED,
        cancelled=Reorganisation.Status.CANCELLED,
        cancellable=(Reorganisation.Status.QUEUED,),
    )
)

contribute(EventKind(key=events.UNIT_REORGANISED, order=60, label=_("Unit reorganised")))
