"""API shapes for accounts."""

from datetime import datetime

from ninja import Field, Schema

from resolute.core.schemas import InputSchema, Text


class MembershipOut(Schema):
    unit_id: int
    unit_name: str
    role: str
    role_label: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    job_title: str
    phone: str
    language: str = Field(description="'vi', 'en', or empty to follow the browser.")
    memberships: list[MembershipOut]


class ApiTokenOut(Schema):
    id: int
    name: str
    hint: str = Field(description="The first characters of the token, to recognise it.")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenIn(InputSchema):
    name: Text(100, min_length=1)


class NewApiTokenOut(ApiTokenOut):
    token: str = Field(description="The token itself. It is returned only once, now; store it safely.")
