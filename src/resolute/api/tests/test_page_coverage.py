"""Every page of the site either has the API operations that do what it does, is listed as needing none
(with the reason), or is listed as a known gap (docs/dev/api.md, "What the API does not do yet").

A new page fails this test until it is placed in one of the three dicts below."""

from django.urls import URLPattern, URLResolver, get_resolver

from resolute.api.api import api

V1 = "/api/v1"

# The page's URL name → the operations that do what the page does.
PAGE_OPERATIONS = {
    "web:home": [("GET", f"{V1}/dashboard")],
    "web:changelog": [("GET", f"{V1}/changes")],
    "web:calendar": [
        ("GET", f"{V1}/calendar"),
        ("POST", f"{V1}/calendar/adjustments"),
        ("DELETE", f"{V1}/calendar/adjustments/{{adjustment_id}}"),
    ],
    "accounts:profile": [("GET", f"{V1}/accounts/me")],
    "accounts:token_create": [("GET", f"{V1}/accounts/me/tokens"), ("POST", f"{V1}/accounts/me/tokens")],
    "accounts:token_revoke": [("DELETE", f"{V1}/accounts/me/tokens/{{token_id}}")],
    "accounts:user_list": [("GET", f"{V1}/accounts/users")],
    "accounts:user_create": [("POST", f"{V1}/accounts/users")],
    "accounts:user_detail": [("GET", f"{V1}/accounts/users/{{user_id}}")],
    "accounts:user_edit": [("PATCH", f"{V1}/accounts/users/{{user_id}}")],
    "accounts:user_deactivate": [("POST", f"{V1}/accounts/users/{{user_id}}/deactivate")],
    "accounts:user_reactivate": [("POST", f"{V1}/accounts/users/{{user_id}}/reactivate")],
    "accounts:membership_add": [("POST", f"{V1}/accounts/users/{{user_id}}/memberships")],
    "accounts:membership_remove": [
        ("DELETE", f"{V1}/accounts/users/{{user_id}}/memberships/{{membership_id}}")
    ],
    "tasks:export": [("GET", f"{V1}/tasks/export.xlsx")],
    "extraction:list": [("GET", f"{V1}/plans/documents/{{document_id}}")],
    "extraction:new": [("POST", f"{V1}/plans/documents/{{document_id}}")],
    "extraction:proposal": [("GET", f"{V1}/plans/{{proposal_id}}")],
    "extraction:item_decide": [("POST", f"{V1}/plans/{{proposal_id}}/items/{{item_id}}/decide")],
    "extraction:confirm": [("POST", f"{V1}/plans/{{proposal_id}}/confirm")],
    "extraction:cancel": [("POST", f"{V1}/plans/{{proposal_id}}/cancel")],
    "reports:report_list": [("GET", f"{V1}/reports/documents/{{document_id}}")],
    "reports:report_new": [("POST", f"{V1}/reports/documents/{{document_id}}")],
    "reports:report_detail": [("GET", f"{V1}/reports/{{report_id}}")],
    "reports:report_redraft": [("POST", f"{V1}/reports/{{report_id}}/redraft")],
    "reports:report_docx": [("GET", f"{V1}/reports/{{report_id}}/report.docx")],
    "reports:report_pdf": [("GET", f"{V1}/reports/{{report_id}}/report.pdf")],
    "orgunits:tree": [("GET", f"{V1}/units/")],
    "orgunits:search": [("GET", f"{V1}/units/search")],
    "orgunits:create": [("POST", f"{V1}/units/")],
    "orgunits:create_child": [("POST", f"{V1}/units/")],
    "orgunits:detail": [("GET", f"{V1}/units/{{unit_id}}")],
    "orgunits:edit": [("PATCH", f"{V1}/units/{{unit_id}}")],
    "orgunits:move": [("POST", f"{V1}/units/{{unit_id}}/move")],
    "orgunits:close": [("POST", f"{V1}/units/{{unit_id}}/close")],
    "orgunits:reorganisations": [("GET", f"{V1}/units/reorganisations")],
    "orgunits:reorganisation_create": [("POST", f"{V1}/units/reorganisations")],
    "orgunits:reorganisation": [("GET", f"{V1}/units/reorganisations/{{reorganisation_id}}")],
    "orgunits:reorganisation_edit": [("PATCH", f"{V1}/units/reorganisations/{{reorganisation_id}}")],
    "orgunits:reorganisation_unit_create": [
        ("POST", f"{V1}/units/reorganisations/{{reorganisation_id}}/units")
    ],
    "orgunits:reorganisation_step_create": [
        ("POST", f"{V1}/units/reorganisations/{{reorganisation_id}}/steps")
    ],
    "orgunits:reorganisation_step_delete": [
        ("DELETE", f"{V1}/units/reorganisations/{{reorganisation_id}}/steps/{{step_id}}")
    ],
    "orgunits:reorganisation_import": [("POST", f"{V1}/units/reorganisations/{{reorganisation_id}}/import")],
    "orgunits:reorganisation_preview": [
        ("GET", f"{V1}/units/reorganisations/{{reorganisation_id}}/preview"),
        ("PUT", f"{V1}/units/reorganisations/{{reorganisation_id}}/choices"),
    ],
    "orgunits:reorganisation_apply": [("POST", f"{V1}/units/reorganisations/{{reorganisation_id}}/apply")],
    "directives:list": [("GET", f"{V1}/documents/")],
    "directives:create": [("POST", f"{V1}/documents/")],
    "directives:detail": [("GET", f"{V1}/documents/{{document_id}}")],
    "directives:edit": [("PATCH", f"{V1}/documents/{{document_id}}")],
    "directives:attachment_add": [("POST", f"{V1}/documents/{{document_id}}/attachments")],
    "directives:attachment_download": [
        ("GET", f"{V1}/documents/{{document_id}}/attachments/{{attachment_id}}")
    ],
    "directives:attachment_remove": [
        ("DELETE", f"{V1}/documents/{{document_id}}/attachments/{{attachment_id}}")
    ],
    "directives:relation_add": [("POST", f"{V1}/documents/{{document_id}}/relations")],
    "directives:relation_remove": [("DELETE", f"{V1}/documents/{{document_id}}/relations/{{relation_id}}")],
    "tasks:list": [("GET", f"{V1}/tasks/"), ("GET", f"{V1}/tasks/counts")],
    "tasks:inbox": [("GET", f"{V1}/tasks/")],
    "tasks:league": [("GET", f"{V1}/tasks/rates")],
    "tasks:import": [("POST", f"{V1}/tasks/import")],
    "tasks:import_detail": [("GET", f"{V1}/tasks/import/{{import_id}}")],
    "tasks:import_confirm": [("POST", f"{V1}/tasks/import/{{import_id}}/confirm")],
    "tasks:create": [("POST", f"{V1}/tasks/")],
    "tasks:detail": [("GET", f"{V1}/tasks/{{task_id}}")],
    "tasks:edit": [("PATCH", f"{V1}/tasks/{{task_id}}")],
    "tasks:subtask_create": [("POST", f"{V1}/tasks/{{task_id}}/subtasks")],
    "tasks:report": [
        ("POST", f"{V1}/tasks/{{task_id}}/reports"),
        ("POST", f"{V1}/tasks/{{task_id}}/reports/with-files"),
    ],
    "tasks:extension_request": [
        ("POST", f"{V1}/tasks/{{task_id}}/extension-requests"),
        ("POST", f"{V1}/tasks/{{task_id}}/extension-requests/with-files"),
    ],
    "tasks:extension_record": [("POST", f"{V1}/tasks/{{task_id}}/extensions")],
    "tasks:extension_decide": [("POST", f"{V1}/tasks/extension-requests/{{request_id}}/decision")],
    "tasks:completion_propose": [
        ("POST", f"{V1}/tasks/{{task_id}}/completion-proposals"),
        ("POST", f"{V1}/tasks/{{task_id}}/completion-proposals/with-files"),
    ],
    "tasks:evidence_download": [("GET", f"{V1}/tasks/evidence/{{evidence_id}}")],
    "tasks:completion_decide": [("POST", f"{V1}/tasks/completion-proposals/{{proposal_id}}/decision")],
    "tasks:cancel": [("POST", f"{V1}/tasks/{{task_id}}/cancel")],
    "tasks:comment": [("POST", f"{V1}/tasks/{{task_id}}/comments")],
    "targets:list": [("GET", f"{V1}/targets/targets")],
    "targets:target_create": [("POST", f"{V1}/targets/targets")],
    "targets:target_detail": [("GET", f"{V1}/targets/targets/{{target_id}}")],
    "targets:target_edit": [("PATCH", f"{V1}/targets/targets/{{target_id}}")],
    "targets:indicator_list": [("GET", f"{V1}/targets/indicators")],
    "targets:indicator_create": [("POST", f"{V1}/targets/indicators")],
    "targets:indicator_detail": [("GET", f"{V1}/targets/indicators/{{code}}")],
    "targets:indicator_edit": [("PATCH", f"{V1}/targets/indicators/{{code}}")],
    "targets:entry": [("GET", f"{V1}/targets/values"), ("POST", f"{V1}/targets/values")],
    "targets:entry_submit": [("POST", f"{V1}/targets/values/submit")],
    "targets:approvals": [("GET", f"{V1}/targets/values")],
    "targets:approvals_decide": [
        ("POST", f"{V1}/targets/values/approve"),
        ("POST", f"{V1}/targets/values/return"),
    ],
    "targets:import": [("POST", f"{V1}/targets/dataValueSets")],
    "reports:dashboard": [("GET", f"{V1}/dashboard")],
    "reports:scorecard": [("GET", f"{V1}/dashboard/units/{{unit_id}}/scorecard")],
    "reporting:regime_list": [("GET", f"{V1}/reporting/regimes")],
    "reporting:regime_create": [("POST", f"{V1}/reporting/regimes")],
    "reporting:regime_edit": [
        ("GET", f"{V1}/reporting/regimes/{{regime_id}}"),
        ("PATCH", f"{V1}/reporting/regimes/{{regime_id}}"),
    ],
    "reporting:compliance": [("GET", f"{V1}/reporting/compliance")],
    "reporting:compliance_cell": [
        ("GET", f"{V1}/reporting/submissions"),
        ("POST", f"{V1}/reporting/submissions"),
    ],
    "reporting:unit_record": [("GET", f"{V1}/reporting/compliance")],
    "reporting:notifications": [("GET", f"{V1}/reporting/notifications")],
    "reporting:notifications_mark_read": [
        ("POST", f"{V1}/reporting/notifications/read"),
        ("POST", f"{V1}/reporting/notifications/read-all"),
    ],
    "reporting:notification_open": [("POST", f"{V1}/reporting/notifications/read")],
    "reporting:board": [("GET", f"{V1}/reporting/board")],
    "reporting:letter_create": [("POST", f"{V1}/reporting/letters")],
    "reporting:letter_detail": [
        ("GET", f"{V1}/reporting/letters/{{letter_id}}"),
        ("POST", f"{V1}/reporting/letters/{{letter_id}}/sign"),
    ],
    "reporting:letter_send": [("POST", f"{V1}/reporting/letters/{{letter_id}}/send")],
    "reporting:letter_download": [("GET", f"{V1}/reporting/letters/{{letter_id}}/docx")],
    "reporting:letter_scan_download": [("GET", f"{V1}/reporting/letters/{{letter_id}}/signed-scan")],
    "reporting:ladder_settings": [
        ("GET", f"{V1}/reporting/ladder/steps"),
        ("PATCH", f"{V1}/reporting/ladder/steps/{{step_id}}"),
    ],
    "reporting:escalation_resolve": [("POST", f"{V1}/reporting/escalations/{{escalation_id}}/resolve")],
    "investment:overview": [("GET", f"{V1}/investment/rates")],
    "investment:league": [("GET", f"{V1}/investment/rates")],
    "investment:projects": [("GET", f"{V1}/investment/projects")],
    "investment:project_new": [("POST", f"{V1}/investment/projects")],
    "investment:project": [
        ("GET", f"{V1}/investment/projects/{{project_id}}"),
        ("GET", f"{V1}/investment/projects/{{project_id}}/reports"),
    ],
    "investment:project_edit": [("PATCH", f"{V1}/investment/projects/{{project_id}}")],
    "investment:report": [("GET", f"{V1}/investment/projects/{{project_id}}/reports")],
    "investment:report_new": [("POST", f"{V1}/investment/projects/{{project_id}}/reports")],
    "investment:plans": [("GET", f"{V1}/investment/plans")],
    "investment:plan_new": [("POST", f"{V1}/investment/plans")],
    "investment:plan": [("GET", f"{V1}/investment/plans/{{plan_id}}"), ("GET", f"{V1}/investment/lapse")],
    "investment:plan_adjust": [("POST", f"{V1}/investment/plans/{{plan_id}}/adjustments")],
    "investment:plan_transfer": [("POST", f"{V1}/investment/plans/{{plan_id}}/transfers")],
    "investment:extensions": [("GET", f"{V1}/investment/extensions")],
    "investment:extension_new": [("POST", f"{V1}/investment/plans/{{plan_id}}/extensions")],
    "investment:extension_decide": [("POST", f"{V1}/investment/extensions/{{extension_id}}/decision")],
    "investment:treasury_import": [("POST", f"{V1}/investment/plans/{{plan_id}}/treasury-import")],
    "petitions:list": [("GET", f"{V1}/petitions")],
    "petitions:export": [("GET", f"{V1}/petitions/export.csv")],
    "petitions:new": [("POST", f"{V1}/petitions")],
    "petitions:detail": [("GET", f"{V1}/petitions/{{petition_id}}")],
    "petitions:route": [("POST", f"{V1}/petitions/{{petition_id}}/route")],
    "petitions:accept": [("POST", f"{V1}/petitions/{{petition_id}}/accept")],
    "petitions:refuse": [("POST", f"{V1}/petitions/{{petition_id}}/refuse")],
    "petitions:decide": [("POST", f"{V1}/petitions/{{petition_id}}/decide")],
    "petitions:reclassify": [("POST", f"{V1}/petitions/{{petition_id}}/reclassify")],
    "petitions:complexity": [("POST", f"{V1}/petitions/{{petition_id}}/complexity")],
    "petitions:forward": [("POST", f"{V1}/petitions/{{petition_id}}/forward")],
    "petitions:link": [("POST", f"{V1}/petitions/{{petition_id}}/link-duplicate")],
    "petitions:assign": [("POST", f"{V1}/petitions/{{petition_id}}/handlers")],
    "petitions:remove": [("DELETE", f"{V1}/petitions/{{petition_id}}/handlers/{{user_id}}")],
    "petitions:step": [("POST", f"{V1}/petitions/{{petition_id}}/steps")],
    "petitions:extend": [("POST", f"{V1}/petitions/{{petition_id}}/extend")],
    "petitions:publish": [("POST", f"{V1}/petitions/{{petition_id}}/publish")],
    "petitions:enforce": [("POST", f"{V1}/petitions/{{petition_id}}/enforce")],
    "petitions:withdraw": [("POST", f"{V1}/petitions/{{petition_id}}/withdraw")],
    "petitions:file": [("GET", f"{V1}/petitions/{{petition_id}}/files/{{file_id}}")],
    "petitions:statistics": [("GET", f"{V1}/petitions/statistics")],
    "petitions:lookup": [("POST", f"{V1}/petitions/lookup")],
    "oversight:list": [("GET", f"{V1}/oversight/oversights")],
    "oversight:new": [("POST", f"{V1}/oversight/oversights")],
    "oversight:detail": [("GET", f"{V1}/oversight/oversights/{{oversight_id}}")],
    "oversight:recommendation_new": [("POST", f"{V1}/oversight/oversights/{{oversight_id}}/recommendations")],
    "oversight:recommendations": [("GET", f"{V1}/oversight/recommendations")],
    "oversight:recommendation": [("GET", f"{V1}/oversight/recommendations/{{recommendation_id}}")],
    "oversight:recovery_new": [("POST", f"{V1}/oversight/recommendations/{{recommendation_id}}/recoveries")],
    "oversight:discipline_new": [
        ("POST", f"{V1}/oversight/recommendations/{{recommendation_id}}/discipline-cases")
    ],
    "oversight:discipline_decide": [("POST", f"{V1}/oversight/discipline-cases/{{case_id}}/decision")],
    "oversight:closure_confirm": [("POST", f"{V1}/oversight/recommendations/{{recommendation_id}}/closure")],
    "oversight:ledger": [("GET", f"{V1}/oversight/ledger")],
    "webhooks:list": [("GET", f"{V1}/webhooks")],
    "webhooks:create": [("POST", f"{V1}/webhooks")],
    "webhooks:detail": [
        ("GET", f"{V1}/webhooks/{{webhook_id}}"),
        ("GET", f"{V1}/webhooks/{{webhook_id}}/deliveries"),
    ],
    "webhooks:edit": [("PATCH", f"{V1}/webhooks/{{webhook_id}}")],
    "webhooks:deactivate": [("POST", f"{V1}/webhooks/{{webhook_id}}/deactivate")],
    "webhooks:test": [("POST", f"{V1}/webhooks/{{webhook_id}}/test")],
    "webhooks:new_secret": [("POST", f"{V1}/webhooks/{{webhook_id}}/secret")],
    "webhooks:retry": [("POST", f"{V1}/webhooks/{{webhook_id}}/deliveries/{{delivery_id}}/retry")],
}

# Pages that need no operation of their own, and why.
ALLOWED_WITHOUT_API = {
    "web:health": "a health check for the load balancer",
    "web:ready": "a readiness check for the load balancer",
    "accounts:login": "signing in to the site: a script sends its token",
    "accounts:logout": "signing out of the site: a script revokes its token",
    "accounts:two_factor_verify": "the second step of signing in to the site",
    "accounts:password_reset": "password reset, by e-mail, in person",
    "accounts:password_reset_sent": "password reset, by e-mail, in person",
    "accounts:password_reset_confirm": "password reset, by e-mail, in person",
    "accounts:password_reset_complete": "password reset, by e-mail, in person",
    "accounts:password_change": "a secret is changed by its owner on the page, not by a script",
    "accounts:two_factor_setup": "a second factor is set up on a phone, by its owner",
    "accounts:two_factor_remove": "a second factor is removed by its owner, signed in",
    "accounts:two_factor_backup_codes": "backup codes are shown once, to their owner",
    "accounts:user_password": "a secret is handed over in person, not through a script (docs/dev/api.md)",
    "accounts:two_factor_reset": "a secret is handed over in person, not through a script (docs/dev/api.md)",
    "accounts:set_language": "the page's language; the API reads Accept-Language",
    "orgunits:lookup": "type-ahead for the forms; the API's GET /units/search replaces it",
    "directives:lookup": "type-ahead for the forms; the API's GET /documents/?q= replaces it",
    "tasks:import_template": "the workbook template to fill in by hand",
    "tasks:import_cancel": "a workbook not confirmed is dropped: the API's import is simply not confirmed",
    "targets:entry_open_period": "a form fragment of the entry page: the API posts values for any period",
    "targets:entry_template": "the workbook template to fill in by hand",
    "targets:import_detail": "the preview of an upload; the API's dataValueSets import answers at once",
    "targets:import_cancel": "the preview of an upload; the API's dataValueSets import answers at once",
    "orgunits:reorganisation_import_template": "the workbook template to fill in by hand",
    "investment:treasury_template": "the workbook template to fill in by hand",
    "reporting:notification_bell": "the bell, an HTMX fragment: GET /reporting/notifications?unread=true",
    "reporting:notification_preferences": "the reader's own e-mail settings, pages only (docs/dev/api.md)",
    "reporting:outbox": "the administrators' e-mail outbox, pages only (docs/dev/api.md)",
    "reporting:outbox_retry": "the administrators' e-mail outbox, pages only (docs/dev/api.md)",
    "petitions:duplicates": "an HTMX fragment of the intake form: possible duplicates while typing",
    "petitions:receipt": "the printed receipt handed to the petitioner",
}

# Pages whose capability the API does not offer yet: the known gaps, listed in docs/dev/api.md.
MISSING_API = {
    "reports:obstacle_tasks": "the tasks by obstacle category: no operation lists obstacles",
    "investment:obstacles": "the projects' obstacles: ?obstacle= filters projects, none lists obstacles",
    "investment:at_risk": "the at-risk view: ?at_risk= filters projects, not the page's grouping",
    "petitions:inspectorate_report": "the inspectorate's periodic report",
}

SKIPPED_NAMESPACES = {"admin", "api", "api-unversioned"}


def site_pages(resolver=None, namespace=()):
    """The named URL patterns of the HTML site, as "namespace:name"."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from site_pages(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join((*namespace, pattern.name))


def openapi_operations():
    paths = api.get_openapi_schema()["paths"]
    return {(method.upper(), path) for path, operations in paths.items() for method in operations}


def test_every_page_has_its_api_operations_or_a_reason_for_none():
    pages = set(site_pages())
    assert pages, "the site has pages"
    placed = PAGE_OPERATIONS.keys() | ALLOWED_WITHOUT_API.keys() | MISSING_API.keys()
    unplaced = sorted(pages - placed)
    assert not unplaced, "\n".join(
        f"the page {name} has no API operation: add one or list it with a reason" for name in unplaced
    )
    gone = sorted(placed - pages)
    assert not gone, f"these pages no longer exist: remove them from the lists: {gone}"
    twice = sorted(
        (PAGE_OPERATIONS.keys() & ALLOWED_WITHOUT_API.keys())
        | (PAGE_OPERATIONS.keys() & MISSING_API.keys())
        | (ALLOWED_WITHOUT_API.keys() & MISSING_API.keys())
    )
    assert not twice, f"a page is in one list only: {twice}"


def test_every_mapped_operation_is_in_the_openapi():
    operations = openapi_operations()
    unknown = sorted(
        f"{name}: {method} {path}"
        for name, mapped in PAGE_OPERATIONS.items()
        for method, path in mapped
        if (method, path) not in operations
    )
    assert not unknown, "these operations are not in the OpenAPI:\n" + "\n".join(unknown)
    assert all(PAGE_OPERATIONS.values()), "a mapped page names at least one operation"


def test_every_gap_and_reason_is_said():
    assert all(reason.strip() for reason in (*ALLOWED_WITHOUT_API.values(), *MISSING_API.values()))
