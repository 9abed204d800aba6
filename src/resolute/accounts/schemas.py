"""API shapes for accounts."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from resolute.core.schemas import Day, InputSchema, Text


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
    scope: Literal["read", "write"] = Field(description="read: GET and HEAD only; write: every method.")
    areas: list[str] = Field(
        description="The areas of the API it reaches (the first segment of a path); empty: all."
    )
    expires_on: date | None = Field(description="The last day it works; null: it never expires.")


class ApiTokenIn(InputSchema):
    name: Text(100, min_length=1)
    scope: Literal["read", "write"] = Field(
        "write", description="read: GET and HEAD only (a write is 403); write: every method."
    )
    areas: list[Text(40, min_length=1)] = Field(
        default_factory=list,
        max_length=50,
        description="Limit the token to these areas of the API (`tasks`, `documents`, …); empty: all areas.",
    )
    expires_on: Day | None = Field(
        None,
        description="The last day the token works: after today, at most a year ahead; default in 90 days.",
    )


class NewApiTokenOut(ApiTokenOut):
    token: str = Field(description="The token itself. It is returned only once, now; store it safely.")
