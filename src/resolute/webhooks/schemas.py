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
