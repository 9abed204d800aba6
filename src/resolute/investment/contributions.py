"""What public investment adds to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import ApiRouter, NavigationEntry, contribute
from resolute.orgunits.choices import Role

# -- the pages: the navigation entry ---------------------------------------------------------------------


def sees_public_investment(user, scope) -> bool:
    """Users who see at least one project or keep a jurisdiction's books see the entry. Asked on every
    page, so it reads at most two small queries, once per request (the answer is kept on the user)."""
    cached = getattr(user, "_resolute_sees_investment", None)
    if cached is None:
        from .models import InvestmentProject
        from .permissions import can_manage_any_investment

        cached = (
            scope.sees_everything
            or InvestmentProject.objects.visible_to(user).exists()
            # Keeping the books takes a manager's or an office's role somewhere.
            or (scope.has_power_anywhere(Role.MANAGER) and can_manage_any_investment(user))
        )
        user._resolute_sees_investment = cached
    return cached


contribute(
    NavigationEntry(
        key="investment.overview",
        order=45,
        label=_("Public investment"),
        url_name="investment:overview",
        shown_to=sees_public_investment,
    )
)

# -- the API (with the State Treasury's reconciliation import) ----------------------------------------------

contribute(
    ApiRouter(key="investment", order=60, prefix="/investment", router="resolute.investment.api.router")
)
