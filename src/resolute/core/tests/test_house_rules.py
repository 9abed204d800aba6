"""House rules the code itself can be checked against, by reading every module of `src/resolute`.

Writes only in actions
    An ORM write (`save`, `create`, `update`, `delete`, `bulk_create`, `bulk_update`, `get_or_create`,
    `update_or_create`) may appear only in an `actions` module or package, in migrations, tests and
    `conftest.py`, in the `demo` app (which builds its data through actions, then marks a few rows as
    sample data), and in the few places `WRITES_ALLOWED` names with their reason.

    Python has no types to read here, so a call counts as an ORM write when its receiver looks like a
    model, a queryset or a manager:
    - `bulk_create`, `bulk_update`, `get_or_create`, `update_or_create`: always (no other library we use
      has methods of these names);
    - `create(...)` with keyword arguments only, called on an attribute (`Task.objects.create(…)`, a related
      manager `task.assignments.create(…)`);
    - `update(...)` with keyword arguments only (a queryset's `update` takes no positional argument, unlike
      `dict.update(other)`, `set.update(…)` or a hash's `update(data)`), on a queryset: a chain of calls
      (`Task.objects.filter(…).update(…)`), a manager (`….objects.update(…)`), or a name ending in `queryset`;
    - `save()` and `delete()` without positional arguments (a file storage's `save(name, content)`, a
      workbook's or a Word document's `save(path)` and a storage's `delete(name)` take one), except
      `save(commit=False)` (a model form's unsaved instance) and `delete(save=False)` (a stored file only).
    A non-ORM call of that shape would be a false positive: rename the receiver or allow it here, with the
    reason.

Every workbook through the shared writer
    Only `core/xlsx.py` imports openpyxl (tests and migrations aside): every export writes its cells
    through `ExcelSheet.append`, which writes text as text, never as a formula, and every import
    opens its file through `open_for_reading`. A module that imports openpyxl itself could write a
    user's `=HYPERLINK(…)` as a live formula.

Every form through the shared base
    Every form is a `core.forms.Form` or `ModelForm` (or mixes in `StoredTextMixin`), every filter
    a `core.filters.FilterSet`, so every text typed in is stored in NFC without direction controls;
    every decimal form field is a `core.forms.ExactDecimalField`, so no number is stored rounded. No
    module but `core/forms.py` makes a `forms.DecimalField` or calls `fields_for_model` itself.

One skeleton for every app
    An app with models has the modules of every app's roles (`SKELETON`), and `urls` where it has pages;
    no module is named with a role as prefix or suffix (`task_views.py`, `views_dashboard.py`,
    `urls_ladder.py`): a role that grows becomes a package of topic modules.
"""

import ast
import importlib
import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]  # src/resolute

WRITE_METHODS = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
ALWAYS_ORM = {"bulk_create", "bulk_update", "get_or_create", "update_or_create"}
MANAGER_NAMES = {"objects", "_default_manager", "_base_manager"}

# (module path under src/resolute, enclosing function) -> why the write may stay there.
WRITES_ALLOWED = {
    ("core/changelog.py", "record_change"): "the change log is what every action writes through",
    ("core/changelog.py", "record_creations"): "the change log's bulk form, for imports of many rows",
    ("core/changelog.py", "record_updates"): "the change log's bulk form, for a reorganisation's hand-overs",
    ("core/changelog.py", "record_stated_changes"): "the same, for bulk writes that state their changes",
    ("api/auth.py", "authenticate"): "a token's last use is stamped as it authenticates, unlogged, at most "
    "once a minute: a bookkeeping column, not a change anyone makes",
}


def _is_exempt(relative: Path) -> bool:
    parts = relative.parts
    return (
        parts[0] == "demo"
        or "migrations" in parts
        or "tests" in parts
        or relative.name == "conftest.py"
        or "actions" in parts
        or relative.name == "actions.py"
    )


def _is_queryset(node: ast.expr) -> bool:
    if isinstance(node, ast.Call):
        return True
    if isinstance(node, ast.Attribute):
        return node.attr in MANAGER_NAMES
    if isinstance(node, ast.Name):
        return node.id.endswith("queryset")
    return False


def _is_orm_write(call: ast.Call) -> bool:
    function = call.func
    if not isinstance(function, ast.Attribute) or function.attr not in WRITE_METHODS:
        return False
    method, receiver = function.attr, function.value
    keywords = {keyword.arg: keyword.value for keyword in call.keywords}
    if method in ALWAYS_ORM:
        return True
    if call.args:
        return False
    if method == "create":
        return isinstance(receiver, ast.Attribute)
    if method == "update":
        return bool(call.keywords) and _is_queryset(receiver)
    refused = {"save": "commit", "delete": "save"}[method]
    value = keywords.get(refused)
    return not (isinstance(value, ast.Constant) and value.value is False)


def _writes_in(path: Path):
    """(line, enclosing function, source of the call) of each ORM write in the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            if isinstance(child, ast.Call) and _is_orm_write(child):
                found.append((child.lineno, function, ast.unparse(child.func)))
            visit(child, name)

    visit(tree, "")
    return found


def orm_writes_outside_actions() -> list[str]:
    violations = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if _is_exempt(relative):
            continue
        for line, function, call in _writes_in(path):
            if (relative.as_posix(), function) not in WRITES_ALLOWED:
                violations.append(f"{relative.as_posix()}:{line} {call}() in {function or 'the module'}")
    return violations


SKELETON = ["models", "querysets", "selectors", "actions", "permissions"]
# app -> why it has models without the whole skeleton.
SKELETON_EXEMPT = {
    "core": "the toolkit under the scope policy: its change log and calendar adjustments belong to no "
    "unit (administrators read the one, everyone the other), so there is no scope to read them through",
    "api": "its one table keeps the answers of idempotent requests for their retries; no page or person "
    "reads it, so it has no reads to scope or permissions to answer",
}
ROLES = [
    "views",
    "urls",
    "actions",
    "forms",
    "permissions",
    "selectors",
    "querysets",
    "schemas",
    "api",
    "filters",
]
ROLE_IN_NAME = re.compile(rf"^(?:({'|'.join(ROLES)})_\w+|\w+_({'|'.join(ROLES)}))$")


def _has_module(app: Path, name: str) -> bool:
    return (app / f"{name}.py").exists() or (app / name / "__init__.py").exists()


def _apps():
    return sorted(path.parent for path in SOURCE.glob("*/apps.py"))


def skeleton_gaps() -> list[str]:
    gaps = []
    for app in _apps():
        if not _has_module(app, "models") or app.name in SKELETON_EXEMPT:
            continue
        missing = [name for name in SKELETON if not _has_module(app, name)]
        if (app / "templates").exists() and not _has_module(app, "urls"):
            missing.append("urls")
        if missing:
            gaps.append(f"{app.name} has no {', '.join(missing)}")
    return gaps


def role_named_modules() -> list[str]:
    named = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if "migrations" in relative.parts or "tests" in relative.parts:
            continue
        for part in (*relative.parts[:-1], path.stem):
            if ROLE_IN_NAME.match(part):
                named.append(relative.as_posix())
                break
    return named


SPREADSHEET_WRITER = "core/xlsx.py"


def _imports_openpyxl(tree: ast.Module) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(name == "openpyxl" or name.startswith("openpyxl.") for name in names):
            lines.append(node.lineno)
    return lines


def openpyxl_outside_the_writer() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if relative.as_posix() == SPREADSHEET_WRITER or {"tests", "migrations"} & set(relative.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found += [f"{relative.as_posix()}:{line}" for line in _imports_openpyxl(tree)]
    return found


def _subclasses(base) -> list[type]:
    found, pending = [], [base]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("resolute.") and ".tests" not in subclass.__module__:
                found.append(subclass)
    return found


def _load_every_form():
    """Import every module that may define a form: the forms and filters of each app, and every view
    (the URL configuration imports them)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports every view
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if {"tests", "migrations"} & set(relative.parts):
            continue
        if {"forms", "filters"} & {path.stem, *relative.parts[:-1]}:
            importlib.import_module(".".join(("resolute", *relative.with_suffix("").parts)))


def forms_not_on_the_shared_base() -> list[str]:
    import django_filters
    from django import forms

    from resolute.core.filters import FilterSet
    from resolute.core.forms import ExactDecimalField, StoredTextMixin

    _load_every_form()
    found = []
    for form in _subclasses(forms.BaseForm):
        name = f"{form.__module__}.{form.__qualname__}"
        if not issubclass(form, StoredTextMixin):
            found.append(f"{name} does not store text through core.forms")
        for field_name, field in form.base_fields.items():
            if isinstance(field, forms.DecimalField) and not isinstance(field, ExactDecimalField):
                found.append(f"{name}.{field_name} is not an ExactDecimalField")
    found += [
        f"{filterset.__module__}.{filterset.__qualname__} is not a core.filters.FilterSet"
        for filterset in _subclasses(django_filters.FilterSet)
        if not issubclass(filterset, FilterSet)
    ]
    return found


def _makes_decimal_fields(tree: ast.Module) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "DecimalField"
            and isinstance(node.value, ast.Name)
            and node.value.id == "forms"
        )
        or (isinstance(node, ast.Name) and node.id in {"DecimalField", "fields_for_model"})
        or (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("django.forms")
            and any(alias.name in {"DecimalField", "fields_for_model"} for alias in node.names)
        )
    ]


def decimal_fields_outside_core() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if relative.as_posix() == "core/forms.py" or {"tests", "migrations"} & set(relative.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found += [f"{relative.as_posix()}:{line}" for line in _makes_decimal_fields(tree)]
    return found


def test_every_form_stores_text_and_numbers_through_the_shared_base():
    assert forms_not_on_the_shared_base() == []


def test_no_module_but_core_forms_makes_a_decimal_form_field():
    assert decimal_fields_outside_core() == []


def test_orm_writes_happen_only_in_actions():
    assert orm_writes_outside_actions() == []


def test_every_app_has_the_skeleton_and_no_role_named_module():
    assert skeleton_gaps() + role_named_modules() == []


def test_no_module_but_the_shared_writer_uses_openpyxl():
    assert openpyxl_outside_the_writer() == []


def test_the_openpyxl_check_finds_every_form_of_import():
    source = """
import openpyxl
import openpyxl.styles as styles
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
import openpyxl_extras
from resolute.core.xlsx import ExcelWorkbook
"""
    assert _imports_openpyxl(ast.parse(source)) == [2, 3, 4, 5]


def test_the_decimal_field_check_tells_form_fields_from_columns():
    source = """
from django.forms.models import fields_for_model
value = forms.DecimalField(max_digits=24)
fields = fields_for_model(Target, fields=["value"])
value = models.DecimalField(max_digits=24, decimal_places=6)
value = ExactDecimalField()
"""
    assert _makes_decimal_fields(ast.parse(source)) == [2, 3, 4]


def test_the_write_check_tells_orm_writes_from_other_calls():
    source = """
Task.objects.create(title="x")
task.assignments.create(unit=unit)
Task.objects.filter(pk=1).update(status="done")
Task.objects.update(status="done")
task.save()
task.save(update_fields=["title"])
queryset.delete()
Task.objects.get_or_create(title="x")
context.update(other)
context.update(title="x")
digest.update(data)
form.save(commit=False)
attachment.file.delete(save=False)
storage.save(name, content)
workbook.save(path)
Task.create(title="x")
"""
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)]
    writes = [ast.unparse(call) for call in calls if _is_orm_write(call)]
    assert writes == [
        "Task.objects.create(title='x')",
        "task.assignments.create(unit=unit)",
        "Task.objects.filter(pk=1).update(status='done')",
        "Task.objects.update(status='done')",
        "task.save()",
        "task.save(update_fields=['title'])",
        "queryset.delete()",
        "Task.objects.get_or_create(title='x')",
    ]
