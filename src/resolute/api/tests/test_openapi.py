"""The API's OpenAPI lists every operation of every app's router: a router that is no longer mounted
(or mounted under another prefix) fails here rather than in a client."""

from resolute.api.api import api

OPERATIONS = {
    ("GET", "/api/accounts/me"),
    ("GET", "/api/accounts/me/tokens"),
    ("POST", "/api/accounts/me/tokens"),
    ("DELETE", "/api/accounts/me/tokens/{token_id}"),
    ("GET", "/api/units/"),
    ("POST", "/api/units/"),
    ("GET", "/api/units/search"),
    ("GET", "/api/units/{unit_id}"),
    ("PATCH", "/api/units/{unit_id}"),
    ("POST", "/api/units/{unit_id}/move"),
    ("POST", "/api/units/{unit_id}/close"),
    ("GET", "/api/documents/"),
    ("POST", "/api/documents/"),
    ("GET", "/api/documents/{document_id}"),
    ("PATCH", "/api/documents/{document_id}"),
    ("GET", "/api/documents/{document_id}/relations"),
    ("POST", "/api/documents/{document_id}/relations"),
    ("DELETE", "/api/documents/{document_id}/relations/{relation_id}"),
    ("POST", "/api/documents/{document_id}/attachments"),
    ("GET", "/api/documents/{document_id}/attachments/{attachment_id}"),
    ("DELETE", "/api/documents/{document_id}/attachments/{attachment_id}"),
    ("GET", "/api/tasks/"),
    ("POST", "/api/tasks/"),
    ("GET", "/api/tasks/rates"),
    ("GET", "/api/tasks/{task_id}"),
    ("PATCH", "/api/tasks/{task_id}"),
    ("POST", "/api/tasks/{task_id}/subtasks"),
    ("POST", "/api/tasks/{task_id}/cancel"),
    ("POST", "/api/tasks/{task_id}/comments"),
    ("POST", "/api/tasks/{task_id}/reports"),
    ("POST", "/api/tasks/{task_id}/extension-requests"),
    ("POST", "/api/tasks/{task_id}/extensions"),
    ("POST", "/api/tasks/extension-requests/{request_id}/decision"),
    ("POST", "/api/tasks/{task_id}/completion-proposals"),
    ("POST", "/api/tasks/completion-proposals/{proposal_id}/decision"),
    ("GET", "/api/targets/indicators"),
    ("POST", "/api/targets/indicators"),
    ("GET", "/api/targets/indicators/{code}"),
    ("GET", "/api/targets/targets"),
    ("POST", "/api/targets/targets"),
    ("GET", "/api/targets/targets/{target_id}"),
    ("GET", "/api/targets/values"),
    ("POST", "/api/targets/values"),
    ("POST", "/api/targets/dataValueSets"),
    ("POST", "/api/targets/values/submit"),
    ("POST", "/api/targets/values/approve"),
    ("POST", "/api/targets/values/return"),
}


def test_the_openapi_lists_every_operation_of_every_router():
    schema = api.get_openapi_schema()
    listed = {(method.upper(), path) for path, operations in schema["paths"].items() for method in operations}
    assert listed == OPERATIONS
