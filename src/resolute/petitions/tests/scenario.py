"""A half-year of petitions in the small province, counted by hand, for the figures' tests (statistics,
dashboard, report, the report to the inspectorate, the API's statistics). Everything goes through the
actions, as the system, with "today" on 2 June 2025.

Received in 2025 (the year to date on 2 June 2025):

- A, complaint, 06/01, reception → Environment: accepted 10/01 (settle by 10/02), decided 05/02,
  well-founded: **settled on time**;
- B, complaint, 13/01, reception → Environment: accepted 20/01 (settle by 19/02), decided 10/03,
  unfounded: **settled late**;
- C, denunciation (complex), 03/02, reception → Inspectorate: accepted 10/02 (settle by 12/03),
  extended 05/03 by 30 days to 11/04: **open, overdue**;
- D, recommendation, 26/05, reception → Environment: not yet accepted (accept by 09/06): **open within
  the deadline**;
- E, reflection, 03/03, reception: forwarded 04/03 to the Ministry: **closed otherwise**;
- F, complaint, 01/04, reception → Environment: refused 07/04: **closed otherwise**;
- G, complaint, 10/02, reception: a duplicate of A: **not counted** (one duplicate);
- H, complaint with 3 signatories, 17/03, Minh An ward: not routed (accept by 27/03): **open, overdue**.

So 7 received (complaints 4, denunciation 1, recommendation 1, reflection 1), 1 settled on time, 1
late, 2 closed otherwise (1 refused, 1 forwarded), 1 open within the deadline, 2 overdue; 3 accepted,
5 within the competence of a unit (A, B, C, D, F); 1 extension. By unit under the province: the
People's Committee 6 (its reception office, departments and inspectorate), Hội An City 1 (Minh An).

Received in 2024, both still open: I (complaint, 04/03/2024) and J (complaint, 06/05/2024), so the
same period of 2024 has 2 and the change is (7 − 2) ÷ 2 × 100 = +250.0%; both are brought forward
into 2025.
"""

from datetime import date

import time_machine

from resolute.petitions.actions import intake, routing, settlement

from .conftest import DENOUNCER, PETITIONER, TODAY

OTHER_PERSON = {
    "full_name": "Trần Văn Bình",
    "id_number": "049170004321",
    "address": "3 Hùng Vương, Tam Kỳ",
    "phone": "",
    "email": "",
    "is_organisation": False,
}


def register_at(unit, kind, received_on, petitioner=PETITIONER, **fields):
    petition, _secret = intake.register_petition(
        acting_user=None,
        kind=kind,
        channel="reception",
        received_on=received_on,
        received_by_unit=unit,
        petitioner=petitioner,
        subject=f"Đơn {kind} ngày {received_on:%d/%m/%Y}",
        content="Nội dung đơn.",
        **fields,
    )
    return petition


def _route(petition, unit, day):
    return routing.route_petition(acting_user=None, petition=petition, handling_unit=unit, day=day)


def _accept(petition, day, number, **terms):
    return settlement.accept_petition(
        acting_user=None, petition=petition, day=day, document_number=number, **terms
    )


def half_year(units) -> dict:
    """The petitions of the module's table, by letter."""
    reception, environment, inspectorate = units["reception"], units["environment"], units["inspectorate"]
    with time_machine.travel(TODAY, tick=False):
        made = {}
        made["I"] = register_at(reception, "complaint", date(2024, 3, 4), OTHER_PERSON)
        made["J"] = register_at(reception, "complaint", date(2024, 5, 6), OTHER_PERSON)

        a = register_at(reception, "complaint", date(2025, 1, 6))
        _route(a, environment, date(2025, 1, 7))
        _accept(a, date(2025, 1, 10), "01/TB-STNMT", instance="first")
        made["A"] = settlement.decide_petition(
            acting_user=None,
            petition=a,
            day=date(2025, 2, 5),
            decision_number="15/QĐ-STNMT",
            outcome="upheld",
        )

        b = register_at(reception, "complaint", date(2025, 1, 13), OTHER_PERSON)
        _route(b, environment, date(2025, 1, 14))
        _accept(b, date(2025, 1, 20), "02/TB-STNMT", instance="first")
        made["B"] = settlement.decide_petition(
            acting_user=None,
            petition=b,
            day=date(2025, 3, 10),
            decision_number="31/QĐ-STNMT",
            outcome="rejected",
        )

        c = register_at(reception, "denunciation", date(2025, 2, 3), DENOUNCER, complexity="complex")
        _route(c, inspectorate, date(2025, 2, 4))
        _accept(c, date(2025, 2, 10), "05/TB-TTr")
        settlement.extend_settlement(
            acting_user=None,
            petition=c,
            decided_on=date(2025, 3, 5),
            decision_number="09/QĐ-TTr",
            days=30,
            reason="Nhiều nội dung cần xác minh.",
        )
        c.refresh_from_db()
        made["C"] = c

        d = register_at(reception, "recommendation", date(2025, 5, 26))
        made["D"] = _route(d, environment, date(2025, 5, 27))

        e = register_at(reception, "reflection", date(2025, 3, 3))
        made["E"] = routing.forward_petition(
            acting_user=None,
            petition=e,
            forwarded_to="Bộ Tài nguyên và Môi trường",
            day=date(2025, 3, 4),
            letter_number="44/BTCD",
        )

        f = register_at(reception, "complaint", date(2025, 4, 1), OTHER_PERSON)
        _route(f, environment, date(2025, 4, 2))
        made["F"] = settlement.refuse_petition(
            acting_user=None,
            petition=f,
            day=date(2025, 4, 7),
            reason="Quá thời hiệu khiếu nại.",
            document_number="07/TB-STNMT",
        )

        made["G"] = register_at(reception, "complaint", date(2025, 2, 10), duplicate_of=made["A"])
        made["H"] = register_at(
            units["commune_a1"], "complaint", date(2025, 3, 17), OTHER_PERSON, signatories=3
        )
    for petition in made.values():
        petition.refresh_from_db()
    return made
