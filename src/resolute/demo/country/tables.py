"""Rows written in bulk: the generated tables, their columns, and the sinks that write them.

The generator produces each table's rows as plain tuples, in the order of the columns the table
declares, with the ids it assigned itself. A sink writes them:

- `CopySink` (PostgreSQL) turns each row into a line of `COPY … FROM STDIN` text with a formatter made
  once per table, buffers the lines per table and hands each full buffer to a thread that sends it
  with psycopg's `cursor.copy()` on the same connection and transaction. The generator goes on making
  rows while the server stores the previous chunk, so the two processors both work, and memory holds
  only a few chunks whatever the size of the country.
- `InsertSink` (any other database, in practice SQLite) prepares each value as Django would
  (`Field.get_db_prep_save`) and sends chunks with `executemany`: slower, for small countries.
- `ListSink` keeps the rows, for tests and for comparing two generations without a database.

A column the rows do not give takes the value the table declares for every row (`constants`), else its
field's default, else NULL when the field allows it; a NOT NULL column left without a value is an error
when the table is declared, not a failed COPY minutes later.
"""

import hashlib
import itertools
import queue
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models

# Rows per chunk handed to the database.
CHUNK_ROWS = 20_000
# Chunks waiting for the writer thread, at most: the generator waits when the database is behind.
QUEUED_CHUNKS = 4
# What a COPY line must never hold inside a text value (they separate values, lines and escapes).
COPY_SPECIAL = ("\t", "\n", "\r", "\\")


@dataclass
class Table:
    """A model's table as the generator writes it: the columns each row gives, in order, and the
    value every row shares for the others."""

    model: type[models.Model]
    columns: tuple[str, ...]
    constants: dict = field(default_factory=dict)

    def __post_init__(self):
        meta = self.model._meta
        by_name = {f.name: f for f in meta.concrete_fields}
        unknown = [name for name in (*self.columns, *self.constants) if name not in by_name]
        if unknown:
            raise ValueError(f"{meta.label} has no fields {unknown}")
        self.fields = [by_name[name] for name in self.columns]
        shared = dict(self.constants)
        for model_field in meta.concrete_fields:
            if model_field.name in self.columns or model_field.name in shared:
                continue
            if model_field.has_default() or (model_field.empty_strings_allowed and not model_field.null):
                shared[model_field.name] = model_field.get_default()
            elif model_field.null:
                shared[model_field.name] = None
            else:
                raise ValueError(f"{meta.label}.{model_field.name} needs a value in every row")
        self.shared = [(by_name[name], value) for name, value in shared.items()]
        self.name = meta.db_table
        self.column_names = [f.column for f in self.fields] + [f.column for f, _value in self.shared]
        self._copy_line = None

    def __hash__(self):
        return hash(self.name)

    def __eq__(self, other):
        return isinstance(other, Table) and other.name == self.name

    @property
    def copy_line(self):
        """The function turning a row into its line of COPY text (made on first use)."""
        if self._copy_line is None:
            self._copy_line = _copy_line_formatter(self)
        return self._copy_line


def copy_text(value) -> str:
    """A constant as COPY text: NULL as \\N, booleans as t/f, texts escaped."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    for special, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(special, escaped)
    return text


class _Texts(dict):
    """Each day or moment written as text once: the same few thousand recur millions of times."""

    def __missing__(self, key):
        text = self[key] = str(key)
        return text


def _copy_line_formatter(table: Table):
    """Compile `line(row) -> str` for the table: one f-string holding each column's conversion and the
    shared values already written as text. Formatting a row this way costs about a microsecond, several
    times less than converting value by value."""
    parts, env = [], {"N": "\\N", "T": _Texts()}
    for index, model_field in enumerate(table.fields):
        value = f"r[{index}]"
        if isinstance(model_field, models.BooleanField):
            value = f"('t' if {value} else 'f')"
        elif isinstance(model_field, models.DateField):  # dates and moments
            value = f"T[{value}]"
        if model_field.null:
            value = f"N if r[{index}] is None else {value}"
        parts.append("{" + value + "}")
    for number, (_field, constant) in enumerate(table.shared):
        env[f"K{number}"] = copy_text(constant)
        parts.append("{K" + str(number) + "}")
    source = 'def line(r):\n    return f"' + "\\t".join(parts) + '\\n"\n'
    exec(compile(source, f"<copy line of {table.name}>", "exec"), env)  # noqa: S102 - built above
    return env["line"]


class Sink:
    """Where generated rows go. `write` takes a table and an iterable of rows; `close` sends what is
    left and returns the number of rows written per table name."""

    def __init__(self):
        self.counts: dict[str, int] = {}

    def write(self, table: Table, rows) -> None:
        raise NotImplementedError

    def close(self) -> dict[str, int]:
        return self.counts


class ListSink(Sink):
    """Keeps every row in memory (small countries only): for tests, and to compare two generations."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, list[tuple]] = {}
        self.tables: dict[str, Table] = {}

    def write(self, table: Table, rows) -> None:
        kept = self.rows.setdefault(table.name, [])
        self.tables[table.name] = table
        before = len(kept)
        kept.extend(rows)
        self.counts[table.name] = self.counts.get(table.name, 0) + len(kept) - before

    def digest(self, exclude: dict[str, set[str]] | None = None) -> dict[str, str]:
        """A hash of each table's rows, leaving out the `exclude`d columns by table name."""
        digests = {}
        for name, rows in self.rows.items():
            table = self.tables[name]
            skipped = {table.columns.index(column) for column in (exclude or {}).get(name, ())}
            hasher = hashlib.sha256()
            for row in rows:
                kept = tuple(value for index, value in enumerate(row) if index not in skipped)
                hasher.update(repr(kept).encode())
            digests[name] = hasher.hexdigest()
        return digests


class InsertSink(Sink):
    """Prepared INSERTs in chunks, values prepared by their fields as the ORM prepares them."""

    def __init__(self, connection):
        super().__init__()
        self.connection = connection
        self.buffers: dict[Table, list[tuple]] = {}

    def write(self, table: Table, rows) -> None:
        buffer = self.buffers.setdefault(table, [])
        buffer.extend(rows)
        if len(buffer) >= CHUNK_ROWS:
            self._flush(table)

    def _flush(self, table: Table) -> None:
        rows = self.buffers.get(table)
        if not rows:
            return
        self.buffers[table] = []
        connection = self.connection
        preparers = [_preparer(model_field, connection) for model_field in table.fields]
        shared = [model_field.get_db_prep_save(value, connection) for model_field, value in table.shared]
        prepared = [
            [prepare(value) for prepare, value in zip(preparers, row, strict=True)] + shared for row in rows
        ]
        quote = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(table.name),
            ", ".join(quote(column) for column in table.column_names),
            ", ".join(["%s"] * len(table.column_names)),
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    def close(self) -> dict[str, int]:
        for table in list(self.buffers):
            self._flush(table)
        return self.counts


def _preparer(model_field, connection):
    def prepare(value):
        if value is None:
            return None
        if isinstance(model_field, models.DecimalField) and not isinstance(value, Decimal):
            value = Decimal(value)
        return model_field.get_db_prep_save(value, connection)

    return prepare


class CopySink(Sink):
    """COPY text in chunks, sent by a writer thread on the connection's own transaction (see the
    module's docstring). The thread stops at the first error, which `write` and `close` raise."""

    def __init__(self, connection):
        super().__init__()
        connection.ensure_connection()
        self.raw = connection.connection  # psycopg's connection: the transaction Django opened
        self.buffers: dict[Table, list[str]] = {}
        self.queue: queue.Queue = queue.Queue(maxsize=QUEUED_CHUNKS)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._send_chunks, name="country-copy", daemon=True)
        self.thread.start()

    def write(self, table: Table, rows) -> None:
        buffer = self.buffers.get(table)
        if buffer is None:
            buffer = self.buffers[table] = []
        buffer.extend(map(table.copy_line, rows))
        if len(buffer) >= CHUNK_ROWS:
            self._flush(table)

    def _flush(self, table: Table) -> None:
        lines = self.buffers.get(table)
        if not lines:
            return
        self.buffers[table] = []
        if self.error is not None:
            raise self.error
        columns = ", ".join(f'"{column}"' for column in table.column_names)
        self.queue.put((f'COPY "{table.name}" ({columns}) FROM STDIN', "".join(lines).encode()))
        self.counts[table.name] = self.counts.get(table.name, 0) + len(lines)

    def _send_chunks(self) -> None:
        with self.raw.cursor() as cursor:
            while True:
                item = self.queue.get()
                if item is None:
                    return
                if self.error is not None:
                    continue  # the transaction is lost: drain the queue so the generator never waits
                statement, data = item
                try:
                    with cursor.copy(statement) as copy:
                        copy.write(data)
                except BaseException as error:  # noqa: BLE001 - handed to the generator's thread
                    self.error = error

    def close(self) -> dict[str, int]:
        try:
            for table in list(self.buffers):
                self._flush(table)
        finally:
            self.queue.put(None)
            self.thread.join()
        if self.error is not None:
            raise self.error
        return self.counts


class Ids:
    """The next id of each table: the generator gives ids itself (so rows can point at rows not yet
    written), from the first id free in each table when the generation starts."""

    def __init__(self, first: dict[str, int] | None = None):
        self.first = dict(first or {})
        self.counters: dict[str, itertools.count] = {}

    def counter(self, table: Table):
        """A function giving the table's next id at each call."""
        counter = self.counters.get(table.name)
        if counter is None:
            counter = self.counters[table.name] = itertools.count(self.first.get(table.name, 1))
        return counter.__next__

    def take(self, table: Table) -> int:
        return self.counter(table)()


def plain(value) -> bool:
    """Whether a generated value can go into COPY text as it is (a text holds no tab, line break or
    backslash; every other type formats itself)."""
    if isinstance(value, str):
        return not any(special in value for special in COPY_SPECIAL)
    return value is None or isinstance(value, int | Decimal | date | datetime | bool)
