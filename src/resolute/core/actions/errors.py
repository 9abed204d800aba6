"""Broken rules gathered by field, shared by every app's actions."""

from django.core.exceptions import ValidationError


class Errors:
    """Broken rules gathered by field (or by a key such as an indicator code), raised together so a
    form, a grid or an import shows them all at once."""

    def __init__(self):
        self.by_field: dict[str, list[str]] = {}

    def add(self, key: str, message: str) -> None:
        self.by_field.setdefault(key, []).append(message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)
