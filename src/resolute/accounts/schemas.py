"""API shapes for accounts."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from resolute.core.schemas import Day, Id, InputSchema, Text


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


# -- user administration --------------------------------------------------------------------------

Language = Literal["", "vi", "en"]
RoleName = Literal["viewer", "reporter", "manager", "office", "admin"]

PERSON_EXAMPLE = {
    "username": "nguyenvana",
    "full_name": "Nguyễn Văn A",
    "email": "nva@quangnam.gov.vn",
    "job_title": "Chuyên viên",
    "phone": "0235 3810 000",
    "language": "vi",
}


class UserMembershipOut(MembershipOut):
    id: int
    may_remove: bool | None = Field(
        None,
        description="On a person's detail: whether you may take this role away (never the last one). "
        "Not given in the list.",
    )


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    job_title: str
    phone: str
    language: str = Field(description="'vi', 'en', or empty to follow the browser.")
    is_active: bool = Field(description="False once deactivated: no sign-in, no API token.")
    last_login: datetime | None
    memberships: list[UserMembershipOut] = Field(
        description="The roles they hold in units you can see; roles elsewhere are only counted."
    )
    hidden_membership_count: int = Field(description="Roles they hold in units you cannot see.")
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 42,
                    **PERSON_EXAMPLE,
                    "is_active": True,
                    "last_login": None,
                    "memberships": [
                        {
                            "id": 7,
                            "unit_id": 12,
                            "unit_name": "Thành phố Hội An",
                            "role": "reporter",
                            "role_label": "reporter",
                            "may_remove": None,
                        }
                    ],
                    "hidden_membership_count": 0,
                }
            ]
        }
    )


class UserDetailOut(UserOut):
    may_manage: bool = Field(
        description="Whether you may change the account itself (details, deactivation): only when every "
        "role it holds lies within the units you administer."
    )


class NewUserOut(UserDetailOut):
    password: str | None = Field(
        description="The generated initial password when none was sent, returned only once, now: hand it "
        "over safely. Null when you chose the password."
    )


class UserListQuery(InputSchema):
    q: Text(150) | None = Field(None, description="Part of the user name, name or e-mail.")
    unit: Id | None = Field(
        None, description="Holds a role in this unit or below it (a unit you administer)."
    )
    role: RoleName | None = Field(None, description="Holds this role (in `unit`, when both are given).")
    status: Literal["active", "deactivated"] | None = None


class PersonFields(InputSchema):
    full_name: Text(200, min_length=1)
    email: Text(254) = ""
    job_title: Text(200) = ""
    phone: Text(40) = ""
    language: Language = ""


class UserCreate(PersonFields):
    username: Text(150, min_length=1) = Field(description="Letters, digits and @ . + - _ only.")
    unit_id: Id = Field(description="The unit of their first role: one you administer.")
    role: RoleName
    password: Text(128) | None = Field(
        None, description="The initial password; leave it out to have one generated (answered once)."
    )
    model_config = ConfigDict(
        json_schema_extra={"examples": [{**PERSON_EXAMPLE, "unit_id": 12, "role": "reporter"}]}
    )


class UserPatch(InputSchema):
    username: Text(150, min_length=1) | None = None
    full_name: Text(200, min_length=1) | None = None
    email: Text(254) | None = None
    job_title: Text(200) | None = None
    phone: Text(40) | None = None
    language: Language | None = None
    model_config = ConfigDict(json_schema_extra={"examples": [{"job_title": "Phó Chánh Văn phòng"}]})


class MembershipCreate(InputSchema):
    unit_id: Id = Field(description="A unit you administer; the role covers it and every unit below.")
    role: RoleName
    model_config = ConfigDict(json_schema_extra={"examples": [{"unit_id": 12, "role": "manager"}]})
