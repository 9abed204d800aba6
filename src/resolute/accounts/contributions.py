"""What accounts adds to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import ApiRouter, NavigationEntry, contribute
from resolute.orgunits.choices import Role

contribute(
    ApiRouter(
        key="accounts",
        order=10,
        prefix="/accounts",
        router="resolute.accounts.api.router",
        label=_("Your account and tokens, and the users you administer"),
    )
)
contribute(
    NavigationEntry(
        key="accounts.users",
        order=100,
        label=_("Users"),
        url_name="accounts:user_list",
        shown_to=lambda user, scope: scope.has_power_anywhere(Role.ADMIN),
    )
)
