"""The API's periodic job: `delete_expired_idempotency_keys`, hourly (`reporting.jobs.JOBS`), deletes the
answers kept for idempotency keys once their 24 hours have passed."""

from django_tasks import task

from .actions import delete_expired_idempotent_requests


@task()
def delete_expired_idempotency_keys() -> dict[str, int]:
    """Delete the expired answers of idempotent requests."""
    return {"deleted": delete_expired_idempotent_requests()}
