"""The webhooks' background job: `deliver_webhooks` posts the due deliveries. It is enqueued when a
transaction that wrote deliveries commits, and every minute by the scheduler (`reporting.jobs.JOBS`),
which picks up the retries whose wait has passed."""

from django_tasks import task

from .actions.deliveries import deliver_due


@task()
def deliver_webhooks() -> dict[str, int]:
    """Post every delivery that is due; failures wait longer for their next try."""
    return deliver_due()
