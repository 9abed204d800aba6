"""The client's guide (docs/api-client-guide.md) works as written: its Python samples are run, in order and in
one namespace, against a live server with a small tree, and what they print is what a client would see."""

import re
import threading
from datetime import date, datetime
from http.server import ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from resolute.accounts.actions import create_api_token
from resolute.conftest import make_user
from resolute.directives.tests.conftest import make_document
from resolute.orgunits.choices import Role
from resolute.tasks.models import ProgressReport
from resolute.tasks.tests.factories import assign
from resolute.webhooks.actions.deliveries import deliver_due
from resolute.webhooks.models import DeliveryStatus, WebhookDelivery

GUIDE = Path(__file__).resolve().parents[4] / "docs" / "api-client-guide.md"
A_THURSDAY = datetime(2025, 4, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
A_TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def python_samples(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", markdown, flags=re.MULTILINE | re.DOTALL)


@pytest.fixture
def receiver_port():
    """A free port on this computer for the guide's receiver."""
    probe = ThreadingHTTPServer(("127.0.0.1", 0), None)
    port = probe.server_address[1]
    probe.server_close()
    return port


def test_the_guides_samples_run_against_a_live_server(
    live_server, tree, tmp_path, monkeypatch, capsys, receiver_port
):
    with time_machine.travel(A_THURSDAY, tick=True):
        admin = make_user("integrator", (tree["province"], Role.ADMIN))
        document = make_document(tree["party"], acting_user=admin)
        late = assign(
            tree["district_a"],
            assigned_by_unit=tree["committee"],
            deadline=date(2025, 3, 31),
            title="Repair the Cam Nam bridge",
            source_document=document,
        )
        late_below = assign(
            tree["commune_a1"],
            assigned_by_unit=tree["district_a"],
            deadline=date(2025, 2, 28),
            title="Clear the market drains",
            source_document=document,
        )
        assign(tree["district_a"], assigned_by_unit=tree["committee"], deadline=date(2025, 6, 30))
        assign(tree["district_b"], assigned_by_unit=tree["committee"], deadline=date(2025, 3, 31))
        _token, raw = create_api_token(acting_user=admin, name="E-office")
        monkeypatch.chdir(tmp_path)
        (tmp_path / "site-visit.pdf").write_bytes(A_TINY_PDF)

        samples = python_samples(GUIDE.read_text(encoding="utf-8"))
        assert len(samples) == 5, (
            "the guide's samples: token, overdue list, report and file, receiver, webhook"
        )
        namespace = {
            "BASE_URL": live_server.url,
            "TOKEN": raw,
            "UNIT_ID": tree["district_a"].pk,
            "RECEIVER_URL": f"http://127.0.0.1:{receiver_port}/hooks/resolute",
        }
        for sample in samples:
            exec(compile(sample, str(GUIDE), "exec"), namespace)  # noqa: S102 - the guide's own code

        printed = capsys.readouterr().out.splitlines()
        assert printed[:2] == ["signed in as integrator", "made a read token for ['tasks']"]
        # The overdue tasks of Hoi An and the commune below it; not Dai Loc's, not the one still in time.
        assert [line.split()[0] for line in printed[2:4]] == [str(late_below.pk), str(late.pk)]
        assert "Thành phố Hội An 2025-03-31 Repair the Cam Nam bridge" in printed[3]
        # The report sent twice with one key is saved once; the report with the scan is another.
        report, with_scan = ProgressReport.objects.order_by("pk")
        assert printed[4:7] == [
            f"report {report.pk} saved: 201",
            f"again: {report.pk} replayed: true",
            f"uploaded site-visit.pdf {len(A_TINY_PDF)} bytes",
        ]
        assert report.task == late_below and report.percent_complete == 60
        assert not report.files.exists()
        assert [evidence.task for evidence in with_scan.files.all()] == [late_below]
        assert printed[7].startswith("registered webhook ")

        # Following the cursors page by page finds the same tasks.
        assert [task["id"] for task in namespace["overdue_tasks"](tree["district_a"].pk, page_size=1)] == [
            late_below.pk,
            late.pk,
        ]

        # The next report reaches the guide's receiver, which checks its signature.
        server = ThreadingHTTPServer(("127.0.0.1", receiver_port), namespace["ResoluteEvents"])
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        try:
            namespace["api"].post(
                f"{live_server.url}/api/v1/tasks/{late.pk}/reports",
                json={"narrative": "The deck is poured."},
                timeout=30,
            ).raise_for_status()
            deliver_due()  # sent when the report commits; this sends it if it is still waiting
        finally:
            server.shutdown()
            server.server_close()
        assert capsys.readouterr().out == f"heard task.progress_reported on task {late.pk}\n"
        assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED
