"""The accounts API: who am I, my personal tokens, and user administration.

User administration answers as its pages do: only administrators reach it (403 for anyone else),
they find the people who hold a role in the units they administer (anyone else is a 404), the
forms of the pages check the fields (422 naming each), and the actions write and log."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from resolute.core.pagination import PageNumberPagination, RowsOf
from resolute.core.schemas import Id
from resolute.orgunits.scope import scope_for

from . import actions, permissions, selectors
from .filters import UserFilter
from .forms import MembershipForm, PersonDetailsForm, UserCreateForm, UserEditForm
from .models import User
from .schemas import (
    ApiTokenIn,
    ApiTokenOut,
    MembershipCreate,
    MeOut,
    NewApiTokenOut,
    NewUserOut,
    UserCreate,
    UserDetailOut,
    UserListQuery,
    UserOut,
    UserPatch,
)

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, summary="The signed-in user and their roles")
def me(request):
    user = request.auth
    memberships = [
        {
            "unit_id": m.unit_id,
            "unit_name": str(m.unit),
            "role": m.role,
            "role_label": str(m.get_role_display()),
        }
        for m in user.memberships.select_related("unit")
    ]
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "job_title": user.job_title,
        "phone": user.phone,
        "language": user.language,
        "memberships": memberships,
    }


@router.get("/me/tokens", response=list[ApiTokenOut], summary="My personal API tokens")
def my_tokens(request):
    return list(selectors.tokens_of(request.auth))


@router.post("/me/tokens", response={201: NewApiTokenOut}, summary="Create a personal API token")
def create_my_token(request, payload: ApiTokenIn):
    token, raw = actions.create_api_token(
        acting_user=request.auth,
        name=payload.name,
        scope=payload.scope,
        areas=payload.areas,
        expires_on=payload.expires_on,
    )
    return Status(201, {**ApiTokenOut.model_validate(token).model_dump(), "token": raw})


@router.delete("/me/tokens/{token_id}", response={204: None}, summary="Revoke one of my API tokens")
def revoke_my_token(request, token_id: Id):
    token = selectors.get_own_token(request.auth, token_id)
    actions.revoke_api_token(acting_user=request.auth, token=token)
    return Status(204, None)


# -- user administration --------------------------------------------------------------------------

# The forms name the unit `unit`; the API names it by id.
API_FIELD_NAMES = {"unit": "unit_id"}


def _require_user_administration(user) -> None:
    if not permissions.can_administer_users(user):
        raise PermissionDenied


def _administered_user(request, user_id) -> User:
    _require_user_administration(request.user)
    return selectors.get_administered_user(request.user, user_id)


def _form_errors(form, names=API_FIELD_NAMES) -> ValidationError:
    return ValidationError(
        {
            names.get(field, field): [str(message) for message in messages]
            for field, messages in form.errors.items()
        }
    )


def _renamed(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {API_FIELD_NAMES.get(field, field): messages for field, messages in error.error_dict.items()}
    )


def _membership_out(membership, may_remove=None) -> dict:
    return {
        "id": membership.pk,
        "unit_id": membership.unit_id,
        "unit_name": str(membership.unit),
        "role": membership.role,
        "role_label": str(membership.get_role_display()),
        "may_remove": may_remove,
    }


def _person_out(person: User, memberships: list, scope) -> dict:
    visible = [m for m in memberships if scope.can_see_unit(m.unit)]
    return {
        "id": person.pk,
        "username": person.username,
        "full_name": person.full_name,
        "email": person.email,
        "job_title": person.job_title,
        "phone": person.phone,
        "language": person.language,
        "is_active": person.is_active,
        "last_login": person.last_login,
        "memberships": [_membership_out(m) for m in visible],
        "hidden_membership_count": len(memberships) - len(visible),
    }


def _person_detail(request, person: User) -> dict:
    """What the person's page shows: their roles in units the reader sees, and which of them the
    reader may take away (never the last one)."""
    memberships = list(person.memberships.select_related("unit").order_by("unit__path", "role"))
    body = _person_out(person, memberships, scope_for(request.user))
    removable = {
        m.pk
        for m in memberships
        if len(memberships) > 1 and permissions.can_change_membership(request.user, m)
    }
    for row in body["memberships"]:
        row["may_remove"] = row["id"] in removable
    return {**body, "may_manage": permissions.can_manage_account(request.user, person)}


@router.get("/users", response=list[UserOut], summary="The people you administer")
@paginate(PageNumberPagination, page_size=25)
def list_users(request, filters: Query[UserListQuery]):
    """The user administration list: people holding a role in a unit you administer, filtered as on
    the page (`q`, `unit` and its subtree, `role`, `status`), by user name."""
    _require_user_administration(request.user)
    data = {name: str(value) for name, value in filters.dict(exclude_none=True).items()}
    user_filter = UserFilter(data, queryset=selectors.administered_users(request.user), request=request)
    if not user_filter.is_valid():
        raise _form_errors(user_filter.form, names={})
    scope = scope_for(request.user)
    return RowsOf(
        user_filter.qs.order_by("username"), lambda p: _person_out(p, list(p.memberships.all()), scope)
    )


@router.post("/users", response={201: NewUserOut}, summary="Create an account with its first role")
def create_user(request, payload: UserCreate):
    """As the page does: the unit must be one you administer and the role must stay within the units
    you administer (422 naming `unit_id` or `role`). Without a `password` one is generated and
    answered once, in `password`."""
    _require_user_administration(request.user)
    data = {**payload.dict(), "unit": payload.unit_id, "password": payload.password or ""}
    form = UserCreateForm(data, acting_user=request.user)
    if not form.is_valid():
        raise _form_errors(form)
    cleaned = form.cleaned_data
    try:
        user, password = actions.create_user(
            acting_user=request.user,
            memberships=[(cleaned["unit"], cleaned["role"])],
            **{
                name: cleaned[name]
                for name in ["username", "full_name", "email", "job_title", "phone", "language"]
            },
            password=cleaned["password"] or None,
        )
    except ValidationError as error:
        raise _renamed(error) from None
    body = _person_detail(request, user)
    return Status(201, {**body, "password": None if cleaned["password"] else password})


@router.get("/users/{user_id}", response=UserDetailOut, summary="A person you administer")
def get_user(request, user_id: Id):
    return _person_detail(request, _administered_user(request, user_id))


@router.patch("/users/{user_id}", response=UserDetailOut, summary="Change a person's account details")
def update_user(request, user_id: Id, payload: UserPatch):
    """Only the fields sent change. Allowed when every role the person holds lies within the units you
    administer (else 403). An account carries no version: the last change wins, as on the page."""
    person = _administered_user(request, user_id)
    permissions.check_can_manage_account(request.user, person)
    changes = payload.dict(exclude_unset=True)
    initial = {"username": person.username, **PersonDetailsForm.initial_for(person)}
    form = UserEditForm(
        {**initial, **{k: v if v is not None else "" for k, v in changes.items()}}, user=person
    )
    # Only what is sent is checked: an account made without a field the form now asks for (a name,
    # by a command) can still have its other details changed.
    form.is_valid()
    sent = {
        field: messages for field, messages in form.errors.items() if field in changes or field == "__all__"
    }
    if sent:
        raise ValidationError(
            {field: [str(message) for message in messages] for field, messages in sent.items()}
        )
    try:
        actions.update_user(
            acting_user=request.user, user=person, **{name: form.cleaned_data[name] for name in changes}
        )
    except ValidationError as error:
        raise _renamed(error) from None
    return _person_detail(request, selectors.get_administered_user(request.user, user_id))


@router.post("/users/{user_id}/deactivate", response=UserDetailOut, summary="Deactivate an account")
def deactivate_user(request, user_id: Id):
    """They can no longer sign in or use their API tokens; nothing is deleted. Not your own (422)."""
    person = _administered_user(request, user_id)
    person = actions.deactivate_user(acting_user=request.user, user=person)
    return _person_detail(request, person)


@router.post("/users/{user_id}/reactivate", response=UserDetailOut, summary="Reactivate an account")
def reactivate_user(request, user_id: Id):
    person = _administered_user(request, user_id)
    person = actions.reactivate_user(acting_user=request.user, user=person)
    return _person_detail(request, person)


@router.post("/users/{user_id}/memberships", response={201: UserDetailOut}, summary="Give a person a role")
def add_membership(request, user_id: Id, payload: MembershipCreate):
    """A role in a unit you administer that stays within the units you administer (422 naming
    `unit_id` or `role` otherwise, as on the page)."""
    person = _administered_user(request, user_id)
    form = MembershipForm(
        {"unit": payload.unit_id, "role": payload.role}, acting_user=request.user, user=person
    )
    if not form.is_valid():
        raise _form_errors(form)
    try:
        actions.add_membership(
            acting_user=request.user,
            user=person,
            unit=form.cleaned_data["unit"],
            role=form.cleaned_data["role"],
        )
    except ValidationError as error:
        raise _renamed(error) from None
    return Status(201, _person_detail(request, person))


@router.delete(
    "/users/{user_id}/memberships/{membership_id}", response={204: None}, summary="Take a role away"
)
def remove_membership(request, user_id: Id, membership_id: Id):
    """Only a role within the units you administer (else 403), and never the person's last one (422:
    give another role first, or deactivate the account)."""
    person = _administered_user(request, user_id)
    membership = get_object_or_404(person.memberships.select_related("unit", "user"), pk=membership_id)
    actions.remove_membership(acting_user=request.user, membership=membership)
    return Status(204, None)
