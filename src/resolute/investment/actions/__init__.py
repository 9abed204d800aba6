"""Every write of public investment (see the modules for the rules each enforces)."""

from .desks import set_desk
from .disbursements import carried_until, late_capital, over_plan, submit_disbursement
from .extensions import decide_extension, propose_extension, propose_extensions_at_risk
from .handovers import carry_desks, carry_plans, carry_projects, hand_over_project
from .imports import import_treasury_figures
from .plans import adjust_plan, create_plan, set_milestones, transfer_capital
from .projects import register_project, update_project

__all__ = [
    "adjust_plan",
    "carried_until",
    "carry_desks",
    "carry_plans",
    "carry_projects",
    "create_plan",
    "decide_extension",
    "hand_over_project",
    "import_treasury_figures",
    "late_capital",
    "over_plan",
    "propose_extension",
    "propose_extensions_at_risk",
    "register_project",
    "set_desk",
    "set_milestones",
    "submit_disbursement",
    "transfer_capital",
    "update_project",
]
