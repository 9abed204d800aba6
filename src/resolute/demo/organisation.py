"""The demo's units and people: the province's tree from the seed, Đà Nẵng city as it stood beside it
(see `danang`), and one user per role placed in them."""

from datetime import date

from resolute.accounts import actions as account_actions
from resolute.accounts.models import User
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.models import OrgUnit

from . import danang, data


def existing_unit(parent, name):
    """The demo's unit of that name placed under `parent` at some time: a unit the reorganisation
    moved (Tân Hiệp, the Chu Lai authority) is found under its first parent."""
    return OrgUnit.objects.filter(placements__parent=parent, name=name).order_by("pk").first()


def load_units(demo) -> None:
    created = 0
    for key, parent_key, name, name_en, kind, code in data.UNITS:
        parent = demo.units.get(parent_key) if parent_key else None
        existing = existing_unit(parent, name)
        if existing is None:
            existing = unit_actions.create_unit(
                acting_user=None,
                parent=parent,
                name=name,
                name_en=name_en,
                kind=kind,
                code=code,
                document_symbol=data.DOCUMENT_SYMBOLS.get(key, ""),
            )
            created += 1
        demo.units[key] = existing
    created += load_city(demo)
    demo.log(f"units: {created} created, {len(demo.units) - created} already there")


def load_city(demo) -> int:
    """Đà Nẵng city and its bodies, in effect since 1 January 1997, into which Quảng Nam's merge on
    1 July 2025. Their document symbols are given when the merger is applied, when Quảng Nam's bodies,
    which hold the same ones today, close."""
    created = 0
    since = date.fromisoformat(danang.CITY_SINCE)
    for key, parent_key, name, name_en, kind, _symbol, _merged in danang.CITY_BODIES:
        parent = demo.units.get(parent_key) if parent_key else None
        existing = existing_unit(parent, name)
        if existing is None:
            existing = unit_actions.create_unit(
                acting_user=None,
                parent=parent,
                name=name,
                name_en=name_en,
                kind=kind,
                code=danang.PROVINCE_CODE if key == "danang" else "",
                effective_from=since,
            )
            created += 1
        demo.units[key] = existing
    return created


def load_users(demo) -> None:
    created = 0
    for username, full_name, job_title, language, roles in data.USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user, _password = account_actions.create_user(
                acting_user=None,
                username=username,
                full_name=full_name,
                job_title=job_title,
                language=language,
                password=data.PASSWORD,
                memberships=[(demo.units[key], role) for key, role in roles],
            )
            created += 1
        demo.users[username] = user
    demo.log(f"users: {created} created, {len(demo.users) - created} already there")
