"""The API's OpenAPI lists every operation of every app's router: a router that is no longer mounted
(or mounted under another prefix) fails here rather than in a client."""

from ninja.openapi.schema import OpenAPISchema

from resolute.api.api import api

OPERATIONS = {
    ("GET", "/api/v1/accounts/me"),
    ("GET", "/api/v1/accounts/me/tokens"),
    ("POST", "/api/v1/accounts/me/tokens"),
    ("DELETE", "/api/v1/accounts/me/tokens/{token_id}"),
    ("GET", "/api/v1/accounts/users"),
    ("POST", "/api/v1/accounts/users"),
    ("GET", "/api/v1/accounts/users/{user_id}"),
    ("PATCH", "/api/v1/accounts/users/{user_id}"),
    ("POST", "/api/v1/accounts/users/{user_id}/deactivate"),
    ("POST", "/api/v1/accounts/users/{user_id}/reactivate"),
    ("POST", "/api/v1/accounts/users/{user_id}/memberships"),
    ("DELETE", "/api/v1/accounts/users/{user_id}/memberships/{membership_id}"),
    ("GET", "/api/v1/calendar"),
    ("POST", "/api/v1/calendar/adjustments"),
    ("DELETE", "/api/v1/calendar/adjustments/{adjustment_id}"),
    ("GET", "/api/v1/changes"),
    ("GET", "/api/v1/dashboard"),
    ("GET", "/api/v1/dashboard/units/{unit_id}/scorecard"),
    ("GET", "/api/v1/reports/documents/{document_id}"),
    ("POST", "/api/v1/reports/documents/{document_id}"),
    ("GET", "/api/v1/reports/{report_id}"),
    ("POST", "/api/v1/reports/{report_id}/redraft"),
    ("GET", "/api/v1/reports/{report_id}/report.docx"),
    ("GET", "/api/v1/reports/{report_id}/report.pdf"),
    ("GET", "/api/v1/webhooks"),
    ("POST", "/api/v1/webhooks"),
    ("DELETE", "/api/v1/webhooks/{webhook_id}"),
    ("GET", "/api/v1/webhooks/{webhook_id}"),
    ("PATCH", "/api/v1/webhooks/{webhook_id}"),
    ("GET", "/api/v1/webhooks/{webhook_id}/deliveries"),
    ("POST", "/api/v1/webhooks/{webhook_id}/deactivate"),
    ("POST", "/api/v1/webhooks/{webhook_id}/test"),
    ("POST", "/api/v1/webhooks/{webhook_id}/secret"),
    ("POST", "/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/retry"),
    ("GET", "/api/v1/units/"),
    ("POST", "/api/v1/units/"),
    ("GET", "/api/v1/units/search"),
    ("GET", "/api/v1/units/{unit_id}"),
    ("PATCH", "/api/v1/units/{unit_id}"),
    ("POST", "/api/v1/units/{unit_id}/move"),
    ("POST", "/api/v1/units/{unit_id}/close"),
    ("GET", "/api/v1/units/reorganisations"),
    ("POST", "/api/v1/units/reorganisations"),
    ("GET", "/api/v1/units/reorganisations/{reorganisation_id}"),
    ("PATCH", "/api/v1/units/reorganisations/{reorganisation_id}"),
    ("POST", "/api/v1/units/reorganisations/{reorganisation_id}/units"),
    ("POST", "/api/v1/units/reorganisations/{reorganisation_id}/steps"),
    ("DELETE", "/api/v1/units/reorganisations/{reorganisation_id}/steps/{step_id}"),
    ("GET", "/api/v1/units/reorganisations/{reorganisation_id}/preview"),
    ("PUT", "/api/v1/units/reorganisations/{reorganisation_id}/choices"),
    ("POST", "/api/v1/units/reorganisations/{reorganisation_id}/apply"),
    ("POST", "/api/v1/units/reorganisations/{reorganisation_id}/import"),
    ("GET", "/api/v1/documents/"),
    ("POST", "/api/v1/documents/"),
    ("GET", "/api/v1/documents/{document_id}"),
    ("PATCH", "/api/v1/documents/{document_id}"),
    ("GET", "/api/v1/documents/{document_id}/relations"),
    ("POST", "/api/v1/documents/{document_id}/relations"),
    ("DELETE", "/api/v1/documents/{document_id}/relations/{relation_id}"),
    ("POST", "/api/v1/documents/{document_id}/attachments"),
    ("GET", "/api/v1/documents/{document_id}/attachments/{attachment_id}"),
    ("DELETE", "/api/v1/documents/{document_id}/attachments/{attachment_id}"),
    ("GET", "/api/v1/plans/documents/{document_id}"),
    ("POST", "/api/v1/plans/documents/{document_id}"),
    ("GET", "/api/v1/plans/{proposal_id}"),
    ("POST", "/api/v1/plans/{proposal_id}/items/{item_id}/decide"),
    ("POST", "/api/v1/plans/{proposal_id}/confirm"),
    ("POST", "/api/v1/plans/{proposal_id}/cancel"),
    ("GET", "/api/v1/tasks/"),
    ("POST", "/api/v1/tasks/"),
    ("GET", "/api/v1/tasks/counts"),
    ("GET", "/api/v1/tasks/export.xlsx"),
    ("POST", "/api/v1/tasks/import"),
    ("GET", "/api/v1/tasks/import/{import_id}"),
    ("POST", "/api/v1/tasks/import/{import_id}/confirm"),
    ("GET", "/api/v1/tasks/rates"),
    ("GET", "/api/v1/tasks/{task_id}"),
    ("PATCH", "/api/v1/tasks/{task_id}"),
    ("POST", "/api/v1/tasks/{task_id}/subtasks"),
    ("POST", "/api/v1/tasks/{task_id}/cancel"),
    ("POST", "/api/v1/tasks/{task_id}/comments"),
    ("POST", "/api/v1/tasks/{task_id}/reports"),
    ("POST", "/api/v1/tasks/{task_id}/reports/with-files"),
    ("POST", "/api/v1/tasks/{task_id}/extension-requests"),
    ("POST", "/api/v1/tasks/{task_id}/extension-requests/with-files"),
    ("POST", "/api/v1/tasks/{task_id}/extensions"),
    ("POST", "/api/v1/tasks/extension-requests/{request_id}/decision"),
    ("POST", "/api/v1/tasks/{task_id}/completion-proposals"),
    ("POST", "/api/v1/tasks/{task_id}/completion-proposals/with-files"),
    ("GET", "/api/v1/tasks/evidence/{evidence_id}"),
    ("POST", "/api/v1/tasks/completion-proposals/{proposal_id}/decision"),
    ("GET", "/api/v1/reporting/regimes"),
    ("POST", "/api/v1/reporting/regimes"),
    ("GET", "/api/v1/reporting/regimes/{regime_id}"),
    ("PATCH", "/api/v1/reporting/regimes/{regime_id}"),
    ("GET", "/api/v1/reporting/submissions"),
    ("POST", "/api/v1/reporting/submissions"),
    ("GET", "/api/v1/reporting/compliance"),
    ("GET", "/api/v1/reporting/notifications"),
    ("POST", "/api/v1/reporting/notifications/read"),
    ("POST", "/api/v1/reporting/notifications/read-all"),
    ("GET", "/api/v1/reporting/board"),
    ("POST", "/api/v1/reporting/escalations/{escalation_id}/resolve"),
    ("GET", "/api/v1/reporting/ladder/steps"),
    ("PATCH", "/api/v1/reporting/ladder/steps/{step_id}"),
    ("GET", "/api/v1/reporting/letters"),
    ("POST", "/api/v1/reporting/letters"),
    ("GET", "/api/v1/reporting/letters/{letter_id}"),
    ("POST", "/api/v1/reporting/letters/{letter_id}/sign"),
    ("POST", "/api/v1/reporting/letters/{letter_id}/send"),
    ("GET", "/api/v1/reporting/letters/{letter_id}/docx"),
    ("GET", "/api/v1/reporting/letters/{letter_id}/signed-scan"),
    ("GET", "/api/v1/targets/dataValueSets"),
    ("GET", "/api/v1/targets/dataValueSets.csv"),
    ("GET", "/api/v1/targets/metadata"),
    ("GET", "/api/v1/targets/sdmx/data"),
    ("GET", "/api/v1/targets/indicators"),
    ("POST", "/api/v1/targets/indicators"),
    ("GET", "/api/v1/targets/indicators/{code}"),
    ("PATCH", "/api/v1/targets/indicators/{code}"),
    ("GET", "/api/v1/targets/targets"),
    ("POST", "/api/v1/targets/targets"),
    ("GET", "/api/v1/targets/targets/{target_id}"),
    ("PATCH", "/api/v1/targets/targets/{target_id}"),
    ("GET", "/api/v1/targets/values"),
    ("POST", "/api/v1/targets/values"),
    ("POST", "/api/v1/targets/dataValueSets"),
    ("POST", "/api/v1/targets/values/submit"),
    ("POST", "/api/v1/targets/values/approve"),
    ("POST", "/api/v1/targets/values/return"),
    ("GET", "/api/v1/investment/projects"),
    ("POST", "/api/v1/investment/projects"),
    ("GET", "/api/v1/investment/projects/{project_id}"),
    ("PATCH", "/api/v1/investment/projects/{project_id}"),
    ("GET", "/api/v1/investment/projects/{project_id}/reports"),
    ("POST", "/api/v1/investment/projects/{project_id}/reports"),
    ("GET", "/api/v1/investment/plans"),
    ("POST", "/api/v1/investment/plans"),
    ("GET", "/api/v1/investment/plans/{plan_id}"),
    ("POST", "/api/v1/investment/plans/{plan_id}/adjustments"),
    ("POST", "/api/v1/investment/plans/{plan_id}/transfers"),
    ("POST", "/api/v1/investment/plans/{plan_id}/extensions"),
    ("POST", "/api/v1/investment/plans/{plan_id}/treasury-import"),
    ("GET", "/api/v1/investment/extensions"),
    ("POST", "/api/v1/investment/extensions/{extension_id}/decision"),
    ("GET", "/api/v1/investment/rates"),
    ("GET", "/api/v1/investment/lapse"),
    ("GET", "/api/v1/oversight/oversights"),
    ("POST", "/api/v1/oversight/oversights"),
    ("GET", "/api/v1/oversight/oversights/{oversight_id}"),
    ("POST", "/api/v1/oversight/oversights/{oversight_id}/recommendations"),
    ("GET", "/api/v1/oversight/recommendations"),
    ("GET", "/api/v1/oversight/recommendations/{recommendation_id}"),
    ("POST", "/api/v1/oversight/recommendations/{recommendation_id}/recoveries"),
    ("POST", "/api/v1/oversight/recommendations/{recommendation_id}/discipline-cases"),
    ("POST", "/api/v1/oversight/recommendations/{recommendation_id}/closure"),
    ("POST", "/api/v1/oversight/discipline-cases/{case_id}/decision"),
    ("GET", "/api/v1/oversight/ledger"),
    ("GET", "/api/v1/petitions"),
    ("POST", "/api/v1/petitions"),
    ("GET", "/api/v1/petitions/{petition_id}"),
    ("GET", "/api/v1/petitions/statistics"),
    ("GET", "/api/v1/petitions/export.csv"),
    ("POST", "/api/v1/petitions/lookup"),
    ("POST", "/api/v1/petitions/{petition_id}/route"),
    ("POST", "/api/v1/petitions/{petition_id}/accept"),
    ("POST", "/api/v1/petitions/{petition_id}/refuse"),
    ("POST", "/api/v1/petitions/{petition_id}/decide"),
    ("POST", "/api/v1/petitions/{petition_id}/reclassify"),
    ("POST", "/api/v1/petitions/{petition_id}/complexity"),
    ("POST", "/api/v1/petitions/{petition_id}/forward"),
    ("POST", "/api/v1/petitions/{petition_id}/link-duplicate"),
    ("POST", "/api/v1/petitions/{petition_id}/handlers"),
    ("POST", "/api/v1/petitions/{petition_id}/steps"),
    ("POST", "/api/v1/petitions/{petition_id}/extend"),
    ("POST", "/api/v1/petitions/{petition_id}/publish"),
    ("POST", "/api/v1/petitions/{petition_id}/enforce"),
    ("POST", "/api/v1/petitions/{petition_id}/withdraw"),
    ("DELETE", "/api/v1/petitions/{petition_id}/handlers/{user_id}"),
    ("GET", "/api/v1/petitions/{petition_id}/files/{file_id}"),
}


def listed_in(schema) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, operations in schema["paths"].items() for method in operations}


def test_the_openapi_lists_every_operation_of_every_router():
    assert listed_in(api.get_openapi_schema()) == OPERATIONS


def test_no_two_schemas_share_a_component_name(monkeypatch):
    """The OpenAPI names a component after its class, and a later class of the same name silently
    takes the earlier one's place: clients would check one app's answers against another's shape."""
    defined, clashes = {}, set()
    add = OpenAPISchema.add_schema_definitions

    def recording(self, definitions):
        for name, definition in definitions.items():
            if defined.setdefault(name, definition) != definition:
                clashes.add(name)
        return add(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", recording)
    api.get_openapi_schema()
    assert not clashes, "\n".join(
        f"two schemas are named {name}: give one a name of its own" for name in sorted(clashes)
    )


def test_the_openapi_is_served_under_the_version(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "Deprecation" not in response
    assert listed_in(response.json()) == OPERATIONS


def test_the_unversioned_openapi_lists_the_same_operations_at_their_old_addresses_as_deprecated(client):
    response = client.get("/api/openapi.json")
    assert response["Deprecation"] == "true"
    schema = response.json()
    assert listed_in(schema) == {(method, path.replace("/api/v1/", "/api/")) for method, path in OPERATIONS}
    assert all(
        operation["deprecated"]
        for operations in schema["paths"].values()
        for operation in operations.values()
    )
