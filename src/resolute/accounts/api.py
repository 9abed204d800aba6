"""The accounts API: who am I, and my personal tokens."""

from ninja import Router, Status

from resolute.core.schemas import Id

from . import actions, selectors
from .schemas import ApiTokenIn, ApiTokenOut, MeOut, NewApiTokenOut

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
