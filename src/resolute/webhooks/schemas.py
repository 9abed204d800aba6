"""API shapes for webhooks."""

from datetime import datetime

from ninja import Field, Schema

from resolute.core.schemas import InputSchema, Text


class WebhookOut(Schema):
    id: int
    name: str
    url: str
    events: list[str]
    is_active: bool
    created_at: datetime
    queued_count: int = Field(0, description="Deliveries waiting to be sent.")
    failed_count: int = Field(0, description="Deliveries that failed after every retry.")


class WebhookIn(InputSchema):
    name: Text(200, min_length=1)
    url: Text(1000, min_length=1) = Field(description="https://…; plain http only for this computer.")
    events: list[str] = Field(description="Kinds of event, e.g. task.assigned, value.approved.")
    is_active: bool = True


class NewWebhookOut(WebhookOut):
    secret: str = Field(description="Signs every delivery. Shown only in this answer.")


class WebhookPatch(InputSchema):
    """The fields to change; those left out stay. Webhooks carry no version: the last write wins, as on
    the page."""

    name: Text(200, min_length=1) | None = None
    url: Text(1000, min_length=1) | None = None
    events: list[str] | None = None
    is_active: bool | None = None


class DeliveryOut(Schema):
    id: int
    delivery_id: str
    event_id: str
    kind: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str
    delivered_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_delivery_id(delivery) -> str:
        return str(delivery.delivery_id)

    @staticmethod
    def resolve_event_id(delivery) -> str:
        return str(delivery.event_id)
