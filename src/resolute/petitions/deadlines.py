"""The legal clocks of petitions: by when a petition must be accepted or refused, and by when it must
be settled, by kind, instance, complexity and area (rules 6–8 of docs/user/petitions.md).

| limit | days | counted in | source |
|---|---|---|---|
| complaint: accept or refuse, from receipt | 10 | days | Law on Complaints 2011, Art. 27 |
| complaint, first instance: settle, from acceptance | 30 (complex 45) | days | Art. 28 |
| — in a remote area | 45 (complex 60) | days | Art. 28 |
| complaint, second instance | 45 (complex 60) | days | Art. 37 |
| — in a remote area | 60 (complex 70) | days | Art. 37 |
| denunciation: process and accept, from receipt | 7 | working days | Law on Denunciations 2018, Art. 24 |
| denunciation: settle, from acceptance | 30 | days | Art. 30 |
| — extension by decision | +30 each: once if complex, twice if very complex | days | Art. 30 |
| recommendation, reflection: process, from receipt | 10 | working days | Circular 05/2021/TT-TTCP, Art. 5 |
| recommendation, reflection: answer, from acceptance | 30 | days | the province's rule; a setting |

"Days" are calendar days counted as the Civil Code 2015 counts a period (Art. 147–148): the day the
period starts from is not counted, and a period whose last day is a weekend or a holiday ends at the
end of the next working day. "Working days" skip weekends and holidays on the shared working calendar
(`core.calendar`, with the office's adjustments), so such a deadline is always a working day.

Everything here is pure: the caller passes a `WorkingCalendar` (one per page or job).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from resolute.core.calendar import WorkingCalendar

from .choices import Complexity, Instance, PetitionKind

CALENDAR_DAYS, WORKING_DAYS = "days", "working_days"

# A denunciation's settlement may be extended by up to 30 days at a time, by written decision.
EXTENSION_DAYS_AT_MOST = 30


@dataclass(frozen=True)
class TimeLimit:
    """A legal time limit: `days` counted `counting`, by the rule `source` names."""

    days: int
    counting: str
    source: str

    def deadline(self, start: date, calendar: WorkingCalendar) -> date:
        """The last day of the limit running from `start` (which is not counted)."""
        if self.counting == WORKING_DAYS:
            return calendar.add_working_days(start, self.days)
        return calendar.add_working_days(start + timedelta(days=self.days), 0)

    @property
    def description(self) -> str:
        """ "30 days (Law on Denunciations 2018, Art. 30)", in the active language."""
        if self.counting == WORKING_DAYS:
            return _("%(days)s working days (%(source)s)") % {"days": self.days, "source": self.source}
        return _("%(days)s days (%(source)s)") % {"days": self.days, "source": self.source}


def _answer_days() -> int:
    """How long a unit has to answer a recommendation or reflection it accepted: the law sets no
    single limit, so the province sets it (`PETITION_ANSWER_DAYS`, 30 by default)."""
    return int(getattr(settings, "PETITION_ANSWER_DAYS", 30))


def acceptance_limit(kind: str) -> TimeLimit:
    """How long the unit has to accept or refuse a petition of `kind`, from receipt."""
    if kind == PetitionKind.COMPLAINT:
        return TimeLimit(10, CALENDAR_DAYS, "Luật Khiếu nại 2011, Điều 27")
    if kind == PetitionKind.DENUNCIATION:
        return TimeLimit(7, WORKING_DAYS, "Luật Tố cáo 2018, Điều 24")
    return TimeLimit(10, WORKING_DAYS, "Thông tư 05/2021/TT-TTCP, Điều 5")


# Complaints: (instance, remote area) -> (days, days when complex).
_COMPLAINT_SETTLEMENT_DAYS = {
    (Instance.FIRST, False): (30, 45),
    (Instance.FIRST, True): (45, 60),
    (Instance.SECOND, False): (45, 60),
    (Instance.SECOND, True): (60, 70),
}


def settlement_limit(
    kind: str, *, instance: str = "", complexity: str = "", remote_area: bool = False
) -> TimeLimit:
    """How long the unit has to settle a petition of `kind` once it accepted it. A complaint's
    limit depends on its instance, its complexity and the area; a denunciation's is 30 days
    (lengthened only by extension decisions)."""
    if kind == PetitionKind.COMPLAINT:
        ordinary, complex_ = _COMPLAINT_SETTLEMENT_DAYS[(instance or Instance.FIRST, bool(remote_area))]
        is_complex = complexity in (Complexity.COMPLEX, Complexity.PARTICULARLY_COMPLEX)
        article = "Điều 37" if instance == Instance.SECOND else "Điều 28"
        return TimeLimit(
            complex_ if is_complex else ordinary, CALENDAR_DAYS, f"Luật Khiếu nại 2011, {article}"
        )
    if kind == PetitionKind.DENUNCIATION:
        return TimeLimit(30, CALENDAR_DAYS, "Luật Tố cáo 2018, Điều 30")
    return TimeLimit(_answer_days(), CALENDAR_DAYS, "PETITION_ANSWER_DAYS")


def extensions_allowed(kind: str, complexity: str) -> int:
    """How many times a settlement time limit may be extended: a denunciation once when complex,
    twice when particularly complex; nothing else."""
    if kind != PetitionKind.DENUNCIATION:
        return 0
    return {Complexity.COMPLEX: 1, Complexity.PARTICULARLY_COMPLEX: 2}.get(complexity, 0)


def extended_deadline(
    accepted_on: date, limit: TimeLimit, extension_days: int, calendar: WorkingCalendar
) -> date:
    """The settlement deadline once extensions adding `extension_days` in all were decided: the
    limit and the extensions run together from acceptance (so two extensions of 30 days reach 90
    days at most, whatever day of the week the earlier deadlines fell on)."""
    return TimeLimit(limit.days + extension_days, limit.counting, limit.source).deadline(
        accepted_on, calendar
    )
