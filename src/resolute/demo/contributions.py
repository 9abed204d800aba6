"""What the demo adds to the shared surfaces (see `core.contributions`): the steps of `load_demo`, in
the order they build on each other (units before users, documents before the tasks and targets set
from their clauses, the tasks' history before the reporting it answers…)."""

from resolute.core.contributions import DemoLoader, contribute

from .documents import load_documents
from .organisation import load_units, load_users
from .plans import load_plan_proposal
from .reorganisation import load_reorganisation
from .reporting import load_reporting, load_reporting_after
from .reports import load_implementation_report
from .targets import load_target_snapshots, load_targets, load_targets_after
from .tasks import load_tasks, load_tasks_after

contribute(DemoLoader(key="demo.units", order=10, load=load_units))
contribute(DemoLoader(key="demo.users", order=20, load=load_users))
contribute(DemoLoader(key="demo.documents", order=30, load=load_documents))
contribute(DemoLoader(key="demo.tasks", order=40, load=load_tasks))
contribute(DemoLoader(key="demo.targets", order=50, load=load_targets))
contribute(DemoLoader(key="demo.reporting", order=60, load=load_reporting))
contribute(DemoLoader(key="demo.reorganisation", order=65, load=load_reorganisation))
contribute(DemoLoader(key="demo.tasks_after", order=66, load=load_tasks_after))
contribute(DemoLoader(key="demo.targets_after", order=67, load=load_targets_after))
contribute(DemoLoader(key="demo.reporting_after", order=68, load=load_reporting_after))
contribute(DemoLoader(key="demo.plans", order=70, load=load_plan_proposal))
contribute(DemoLoader(key="demo.reports", order=80, load=load_implementation_report))
# Last: every target's evaluation stored for the demo's today, so a fresh demo's pages read them.
contribute(DemoLoader(key="demo.target_snapshots", order=90, load=load_target_snapshots))
