"""Builds the demo from the seed. Running it again keeps what is there and adds only what is missing."""

from django.db import transaction

from resolute.accounts import actions as account_actions
from resolute.accounts.models import User
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.models import OrgUnit

from . import data
from .documents import load_documents
from .plans import load_plan_proposal
from .reporting import load_reporting
from .reports import load_implementation_report
from .targets import load_targets
from .tasks import load_tasks


class DemoLoader:
    def __init__(self, log=lambda message: None):
        self.log = log
        self.units: dict[str, OrgUnit] = {}
        self.users: dict[str, User] = {}

    @transaction.atomic
    def run(self) -> None:
        self.load_units()
        self.load_users()
        load_documents(self)
        load_tasks(self)
        load_targets(self)
        load_reporting(self)
        load_plan_proposal(self)
        load_implementation_report(self)

    def load_units(self) -> None:
        created = 0
        for key, parent_key, name, name_en, kind, code in data.UNITS:
            parent = self.units.get(parent_key) if parent_key else None
            existing = OrgUnit.objects.filter(parent=parent, name=name).first()
            if existing is None:
                existing = unit_actions.create_unit(
                    acting_user=None, parent=parent, name=name, name_en=name_en, kind=kind, code=code
                )
                created += 1
            self.units[key] = existing
        self.log(f"units: {created} created, {len(self.units) - created} already there")

    def load_users(self) -> None:
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
                    memberships=[(self.units[key], role) for key, role in roles],
                )
                created += 1
            self.users[username] = user
        self.log(f"users: {created} created, {len(self.users) - created} already there")
