"""Indicators, targets and values in the Django admin: for operators to look things up. Changes go
through the application's actions, which check permissions, validate and keep the change log."""

from django.contrib import admin

from resolute.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import DataValue, Indicator, PeriodLock, Target, TargetBreakdown, TrajectoryPoint, ValidationRule


class TrajectoryInline(ReadOnlyInline):
    model = TrajectoryPoint
    fields = ["period", "planned_value"]
    readonly_fields = fields


class BreakdownInline(ReadOnlyInline):
    model = TargetBreakdown
    fields = ["unit", "value"]
    readonly_fields = fields


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "name",
        "unit_of_measure",
        "direction",
        "across_units",
        "over_time",
        "periodicity",
    ]
    list_filter = ["direction", "across_units", "over_time", "periodicity", "is_sample"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "unit", "year", "deadline", "comparator", "value", "value_max", "is_sample"]
    list_filter = ["comparator", "year", "is_sample"]
    search_fields = ["indicator__code", "indicator__name", "source_text"]
    list_select_related = ["indicator", "unit"]
    inlines = [TrajectoryInline, BreakdownInline]


@admin.register(DataValue)
class DataValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "unit", "period", "vintage", "value", "state", "superseded_by", "entered_by"]
    list_filter = ["state", "vintage", "is_sample"]
    search_fields = ["indicator__code", "period"]
    list_select_related = [
        "indicator",
        "unit",
        "entered_by",
        "superseded_by__indicator",
        "superseded_by__unit",
    ]


@admin.register(PeriodLock)
class PeriodLockAdmin(ReadOnlyAdmin):
    list_display = ["unit", "period", "indicator", "opened_until", "reason", "opened_by", "created_at"]
    search_fields = ["period", "reason"]
    list_select_related = ["unit", "indicator", "opened_by"]


@admin.register(ValidationRule)
class ValidationRuleAdmin(ReadOnlyAdmin):
    list_display = ["name", "left", "operator", "right"]
    list_select_related = ["left", "right"]
