"""The search language shared by the UI's search box and the CLI's ``--query``.

Examples::

    web                        free text: name, VMID, tags or notes contain "web"
    "web server"               a quoted phrase
    tag:prod status:running    terms are ANDed
    cluster:lab node:pve*      globs (* and ?) in qualifier values
    type:lxc -tag:test         "-" negates a term
    vmid:100-199 vmid:300,301  ranges and alternatives (commas) in values
    name~^db[0-9]+$            a regular expression (case-insensitive, anywhere in the field)
    mem>4G cpu>50% uptime>7d   comparisons (>, >=, <, <=, =, !=); sizes K/M/G/T/P (binary),
                               durations s/m/h/d/w, percentages (mem>80% = 80 % of maxmem)
    lock:yes template:no       booleans and "any lock"
    tag:prod OR tag:staging    OR between groups of ANDed terms

A malformed query raises :class:`QueryError` naming the problem and its column. Compilation
returns a plain predicate over :class:`~pvesphere_desktop.core.models.Guest` (fast enough for
tens of thousands of guests per keystroke), and, for simple queries, column filters the store
turns into SQL to narrow what it loads.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, TypeVar

from pvesphere_desktop.core.enums import GuestStatus, GuestType
from pvesphere_desktop.core.errors import PveSphereError
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.core.models import Guest

_CTX = "Search"

Predicate = Callable[[Guest], bool]
R = TypeVar("R")


class QueryError(PveSphereError):
    """A malformed query. ``position`` is the 0-based offset, ``column`` the 1-based one."""

    template = QT_TRANSLATE_NOOP(_CTX, "Search error at column {column}: {problem}")

    def __init__(self, problem: str, position: int, **values: Any) -> None:
        self.position = position
        self.column = position + 1
        self.problem_template = problem
        self.problem_values = values
        super().__init__(problem, column=position + 1, problem=problem.format(**values))


# Problem texts (translatable; the UI translates ``problem_template`` with ``problem_values``).
E_QUOTE = QT_TRANSLATE_NOOP(_CTX, "the quote opened here is never closed")
E_EMPTY_NEGATION = QT_TRANSLATE_NOOP(_CTX, "“-” must be followed by a term")
E_NO_VALUE = QT_TRANSLATE_NOOP(_CTX, "“{key}{op}” needs a value")
E_UNKNOWN_KEY = QT_TRANSLATE_NOOP(
    _CTX, "unknown field “{key}” (known: {known}); put text in quotes to search for it"
)
E_BAD_CHOICE = QT_TRANSLATE_NOOP(_CTX, "“{value}” is not a valid {key} (use {choices})")
E_BAD_NUMBER = QT_TRANSLATE_NOOP(_CTX, "“{value}” is not a valid {kind} for {key}")
E_BAD_RANGE = QT_TRANSLATE_NOOP(_CTX, "the range “{value}” is empty (the start is after the end)")
E_BAD_REGEX = QT_TRANSLATE_NOOP(_CTX, "“{value}” is not a valid regular expression: {reason}")
E_BAD_OPERATOR = QT_TRANSLATE_NOOP(_CTX, "{key} cannot be compared with “{op}”")
E_DANGLING_OR = QT_TRANSLATE_NOOP(_CTX, "OR needs a term on both sides")


# -- value parsing --------------------------------------------------------------------------------

_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}
_SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?$", re.IGNORECASE)
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)([smhdw]?)", re.IGNORECASE)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def parse_size(text: str) -> float | None:
    """Return bytes for ``4G``, ``512MiB``, ``1.5T``, ``1000``; None if not a size."""
    match = _SIZE.match(text.strip())
    if not match:
        return None
    return float(match.group(1)) * _SIZE_UNITS[match.group(2).lower()]


def parse_duration(text: str) -> float | None:
    """Return seconds for ``7d``, ``1d12h``, ``90m``, ``3600``; None if not a duration."""
    text = text.strip().lower()
    if not text:
        return None
    total = 0.0
    position = 0
    for match in _DURATION_PART.finditer(text):
        if match.start() != position:
            return None
        total += float(match.group(1)) * _DURATION_UNITS[match.group(2) or "s"]
        position = match.end()
    return total if position == len(text) else None


# -- fields -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    kind: str  # text | choice | bool | lock | tag | size | percent | duration | count | vmid
    attr: str
    column: str | None = None  # guests-table column for SQL narrowing
    maximum: str | None = None  # attribute holding the maximum, for "NN%" values


_FIELDS: dict[str, _Field] = {
    f.name: f
    for f in (
        _Field("cluster", "text", "cluster", "cluster"),
        _Field("node", "text", "node", "node"),
        _Field("name", "name", "name", "name"),
        _Field("type", "choice", "type", "type"),
        _Field("status", "choice", "status", "status"),
        _Field("tag", "tag", "tags", None),
        _Field("pool", "text", "pool", "pool"),
        _Field("ha", "text", "hastate", "hastate"),
        _Field("lock", "lock", "lock", "lock"),
        _Field("template", "bool", "template", "template"),
        _Field("vmid", "vmid", "vmid", "vmid"),
        _Field("cpu", "percent", "cpu", "cpu"),
        _Field("maxcpu", "count", "maxcpu", "maxcpu"),
        _Field("mem", "size", "mem", "mem", maximum="maxmem"),
        _Field("maxmem", "size", "maxmem", "maxmem"),
        _Field("disk", "size", "disk", "disk", maximum="maxdisk"),
        _Field("maxdisk", "size", "maxdisk", "maxdisk"),
        _Field("netin", "size", "netin", "netin"),
        _Field("netout", "size", "netout", "netout"),
        _Field("diskread", "size", "diskread", "diskread"),
        _Field("diskwrite", "size", "diskwrite", "diskwrite"),
        _Field("uptime", "duration", "uptime", "uptime"),
    )
}
_ALIASES = {"tags": "tag", "id": "vmid", "hastate": "ha", "memory": "mem", "state": "status"}
_CHOICES: dict[str, dict[str, str]] = {
    "type": {"qemu": "qemu", "vm": "qemu", "kvm": "qemu", "lxc": "lxc", "ct": "lxc"},
    "status": {s.value: s.value for s in GuestStatus},
}
_YES = {"yes", "true", "1", "y", "on"}
_NO = {"no", "false", "0", "n", "off"}
_NUMERIC_KINDS = {"size", "percent", "duration", "count", "vmid"}

QUALIFIERS: tuple[str, ...] = tuple(_FIELDS)
"""Every field name the language knows for guests (for completion in the UI)."""


@dataclass(frozen=True, slots=True)
class Schema:
    """The fields a kind of record offers to queries. ``free_text`` names the attributes plain
    words search (None: the guest rules, i.e. name, VMID, tags and notes)."""

    name: str
    fields: Mapping[str, _Field]
    aliases: Mapping[str, str] = field(default_factory=dict)
    free_text: tuple[str, ...] | None = None


GUESTS = Schema("guest", _FIELDS, _ALIASES)
NODES = Schema(
    "node",
    {
        f.name: f
        for f in (
            _Field("cluster", "text", "cluster"),
            _Field("node", "text", "node"),
            _Field("status", "text", "status"),
            _Field("ip", "text", "ip"),
            _Field("level", "text", "level"),
            _Field("cpu", "percent", "cpu"),
            _Field("maxcpu", "count", "maxcpu"),
            _Field("mem", "size", "mem", maximum="maxmem"),
            _Field("maxmem", "size", "maxmem"),
            _Field("disk", "size", "disk", maximum="maxdisk"),
            _Field("maxdisk", "size", "maxdisk"),
            _Field("uptime", "duration", "uptime"),
        )
    },
    {"name": "node", "memory": "mem", "state": "status"},
    ("node", "ip"),
)
STORAGE = Schema(
    "storage",
    {
        f.name: f
        for f in (
            _Field("cluster", "text", "cluster"),
            _Field("node", "text", "node"),
            _Field("storage", "text", "storage"),
            _Field("type", "text", "plugintype"),
            _Field("status", "text", "status"),
            _Field("shared", "bool", "shared"),
            _Field("content", "tag", "content"),
            _Field("disk", "size", "disk", maximum="maxdisk"),
            _Field("maxdisk", "size", "maxdisk"),
        )
    },
    {"name": "storage", "used": "disk", "size": "maxdisk", "plugintype": "type"},
    ("storage", "node", "plugintype"),
)
TASKS = Schema(
    "task",
    {
        f.name: f
        for f in (
            _Field("cluster", "text", "cluster"),
            _Field("node", "text", "node"),
            _Field("type", "text", "type"),
            _Field("id", "text", "id"),
            _Field("user", "text", "user"),
            _Field("state", "text", "state"),
            _Field("status", "text", "status"),
            _Field("starttime", "count", "starttime"),
        )
    },
    {"vmid": "id"},
    ("type", "id", "user", "status", "upid", "node"),
)


# -- the parsed form ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """One term: ``field`` None for free text. ``op`` is ':', '~' or a comparison."""

    position: int
    negated: bool
    field: str | None
    op: str
    value: str


@dataclass(frozen=True, slots=True)
class SqlFilter:
    """A condition the store may apply in SQL (always implied by the query, never stricter).

    ``op``: ``in`` (case-insensitive equality with any of ``values``), ``tag`` (has a tag among
    ``values``, case-insensitive), ``between`` (``values`` = (low, high), inclusive),
    ``>``, ``>=``, ``<``, ``<=`` (``values`` = (number,)), ``is_null``/``not_null``.
    """

    column: str
    op: str
    values: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Query:
    """A parsed query: OR of groups of ANDed terms."""

    text: str
    groups: tuple[tuple[Term, ...], ...]
    schema: Schema = GUESTS
    _compiled: tuple[tuple[Callable[[Guest, Mapping[GuestKey, str] | None], bool], ...], ...] = (
        field(default=(), repr=False, compare=False)
    )

    @property
    def empty(self) -> bool:
        return not self.groups

    def predicate(self, notes: Mapping[GuestKey, str] | None = None) -> Predicate:
        """Return a function telling whether a guest matches (notes feed free text)."""
        return _predicate(self, notes)

    def matches(self, guest: Guest, notes: Mapping[GuestKey, str] | None = None) -> bool:
        return self.predicate(notes)(guest)

    def filter(self, records: Sequence[R], notes: Mapping[GuestKey, str] | None = None) -> list[R]:
        """Return the matching records (guests, or the schema's kind), in order."""
        if self.empty:
            return list(records)
        pred = self.predicate(notes)
        return [r for r in records if pred(r)]  # type: ignore[arg-type]

    def sql_filters(self) -> list[SqlFilter]:
        """Return conditions implied by the query that SQL can apply (empty when OR is used)."""
        if len(self.groups) != 1 or self.schema is not GUESTS:
            return []
        result: list[SqlFilter] = []
        for term in self.groups[0]:
            if term.negated or term.field is None:
                continue
            result.extend(_sql_for(term))
        return result


# -- tokenizer and parser -------------------------------------------------------------------------

_KEY_OP = re.compile(r"^([A-Za-z][A-Za-z_]*)(>=|<=|!=|>|<|=|~|:)")


@dataclass(slots=True)
class _Token:
    position: int
    negated: bool
    parts: list[tuple[str, bool]]  # (text, quoted)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        negated = False
        if text[i] == "-":
            negated = True
            i += 1
            if i >= n or text[i].isspace():
                raise QueryError(E_EMPTY_NEGATION, start)
        parts: list[tuple[str, bool]] = []
        while i < n and not text[i].isspace():
            quote = text[i]
            if quote in "\"'":
                j = i + 1
                buf: list[str] = []
                while j < n and text[j] != quote:
                    if text[j] == "\\" and j + 1 < n:
                        buf.append(text[j + 1])
                        j += 2
                        continue
                    buf.append(text[j])
                    j += 1
                if j >= n:
                    raise QueryError(E_QUOTE, i)
                parts.append(("".join(buf), True))
                i = j + 1
            else:
                j = i
                while j < n and not text[j].isspace() and text[j] not in "\"'":
                    j += 1
                parts.append((text[i:j], False))
                i = j
        tokens.append(_Token(start, negated, parts))
    return tokens


def parse(text: str, schema: Schema = GUESTS) -> Query:
    """Parse ``text`` for records of ``schema``; raise QueryError at the first problem."""
    groups: list[tuple[Term, ...]] = []
    current: list[Term] = []
    or_position = -1
    for token in _tokenize(text):
        if not token.negated and token.parts == [("OR", False)]:
            if not current:
                raise QueryError(E_DANGLING_OR, token.position)
            groups.append(tuple(current))
            current = []
            or_position = token.position
            continue
        term = _term(token, schema)
        current.append(term)
    if current:
        groups.append(tuple(current))
    elif or_position >= 0:
        raise QueryError(E_DANGLING_OR, or_position)
    query = Query(text, tuple(groups), schema)
    compiled = tuple(tuple(_compile(t, schema) for t in group) for group in groups)
    object.__setattr__(query, "_compiled", compiled)
    return query


def _term(token: _Token, schema: Schema) -> Term:
    first, quoted = token.parts[0]
    value_start = token.position + (1 if token.negated else 0)
    match = None if quoted else _KEY_OP.match(first)
    if match is None:
        value = "".join(text for text, _ in token.parts)
        return Term(token.position, token.negated, None, ":", value)
    key = match.group(1).lower()
    op = match.group(2)
    key = schema.aliases.get(key, key)
    if key not in schema.fields:
        raise QueryError(
            E_UNKNOWN_KEY, value_start, key=match.group(1), known=", ".join(sorted(schema.fields))
        )
    rest = first[match.end() :]
    # ``field:>4G`` is the same as ``field>4G`` (only when the operator is not quoted).
    inner = re.match(r"^(>=|<=|!=|>|<|=)", rest) if op == ":" else None
    if inner and schema.fields[key].kind in _NUMERIC_KINDS:
        op, rest = inner.group(1), rest[inner.end() :]
    value = rest + "".join(text for text, _ in token.parts[1:])
    if not value:
        raise QueryError(E_NO_VALUE, value_start, key=match.group(1), op=op)
    return Term(token.position, token.negated, key, op, value)


# -- compilation ----------------------------------------------------------------------------------

_Check = Callable[[Guest, Mapping[GuestKey, str] | None], bool]


def _glob_or_exact(value: str) -> Callable[[str], bool]:
    lowered = value.lower()
    if any(ch in lowered for ch in "*?["):
        regex = re.compile(fnmatch.translate(lowered), re.IGNORECASE)
        return lambda text: regex.match(text) is not None
    return lambda text: text.lower() == lowered


def _alternatives(value: str) -> list[str]:
    return [v for v in value.split(",") if v] or [value]


_lower_tag_cache: dict[tuple[str, ...], frozenset[str]] = {}


def _lower_tags(tags: tuple[str, ...]) -> frozenset[str]:
    found = _lower_tag_cache.get(tags)
    if found is None:
        if len(_lower_tag_cache) > 50_000:
            _lower_tag_cache.clear()
        found = frozenset(t.lower() for t in tags)
        _lower_tag_cache[tags] = found
    return found


def _compile(term: Term, schema: Schema) -> _Check:
    check = _compile_positive(term, schema)
    if term.negated:
        return lambda g, notes: not check(g, notes)
    return check


def _compile_positive(term: Term, schema: Schema) -> _Check:
    if term.field is None:
        if schema.free_text is not None:
            return _free_text_in(term.value, schema.free_text)
        return _free_text(term.value)
    spec = schema.fields[term.field]
    if term.op == "~":
        return _regex(term, spec)
    if spec.kind in _NUMERIC_KINDS:
        return _numeric(term, spec)
    if term.op not in (":", "=", "!="):
        raise QueryError(E_BAD_OPERATOR, term.position, key=term.field, op=term.op)
    check = _textual(term, spec)
    if term.op == "!=":
        return lambda g, notes: not check(g, notes)
    return check


_lower_name_cache: dict[str, str] = {}
_joined_tag_cache: dict[tuple[str, ...], str] = {}


def _lower_name(name: str) -> str:
    found = _lower_name_cache.get(name)
    if found is None:
        if len(_lower_name_cache) > 200_000:
            _lower_name_cache.clear()
        found = _lower_name_cache[name] = name.lower()
    return found


def _joined_tags(tags: tuple[str, ...]) -> str:
    # "\0prod\0web": one substring test covers every tag (a needle never holds "\0").
    found = _joined_tag_cache.get(tags)
    if found is None:
        if len(_joined_tag_cache) > 50_000:
            _joined_tag_cache.clear()
        found = _joined_tag_cache[tags] = "\0" + "\0".join(t.lower() for t in tags)
    return found


def _free_text(value: str) -> _Check:
    needle = value.lower().replace("\0", "")
    digits = needle.isdigit()

    def check(guest: Guest, notes: Mapping[GuestKey, str] | None) -> bool:
        if needle in _lower_name(guest.name):
            return True
        if digits and needle in str(guest.vmid):
            return True
        if guest.tags and needle in _joined_tags(guest.tags):
            return True
        if notes:
            note = notes.get(guest.key)
            if note and needle in note.lower():
                return True
        return False

    return check


def _free_text_in(value: str, attrs: tuple[str, ...]) -> _Check:
    needle = value.lower()
    getters = [attrgetter(a) for a in attrs]

    def check(record: Any, notes: Mapping[GuestKey, str] | None) -> bool:
        for get in getters:
            found = get(record)
            if found is not None and needle in str(found).lower():
                return True
        return False

    return check


def _regex(term: Term, spec: _Field) -> _Check:
    if spec.kind in _NUMERIC_KINDS or spec.kind == "bool":
        raise QueryError(E_BAD_OPERATOR, term.position, key=term.field, op="~")
    try:
        regex = re.compile(term.value, re.IGNORECASE)
    except re.error as exc:
        raise QueryError(E_BAD_REGEX, term.position, value=term.value, reason=str(exc)) from None
    search = regex.search
    getter = attrgetter(spec.attr)
    if spec.kind == "tag":
        return lambda g, notes: any(search(t) for t in getter(g))
    return lambda g, notes: search(str(getter(g) or "")) is not None


def _textual(term: Term, spec: _Field) -> _Check:
    values = _alternatives(term.value)
    getter = attrgetter(spec.attr)
    if spec.kind == "choice":
        choices = _CHOICES[spec.name]
        wanted = set()
        for value in values:
            canonical = choices.get(value.lower())
            if canonical is None:
                raise QueryError(
                    E_BAD_CHOICE,
                    term.position,
                    value=value,
                    key=spec.name,
                    choices=", ".join(sorted(set(choices))),
                )
            wanted.add(canonical)
        members: set[object] = {
            *(GuestType(v) for v in wanted if spec.name == "type"),
            *(GuestStatus(v) for v in wanted if spec.name == "status"),
        }
        if len(members) == 1:
            (member,) = members
            return lambda g, notes: getter(g) is member
        return lambda g, notes: getter(g) in members
    if spec.kind == "bool":
        lowered = values[0].lower()
        if len(values) != 1 or lowered not in _YES | _NO:
            raise QueryError(
                E_BAD_CHOICE, term.position, value=term.value, key=spec.name, choices="yes, no"
            )
        expected = lowered in _YES
        return lambda g, notes: bool(getter(g)) is expected
    if spec.kind == "lock":
        lowered = values[0].lower()
        if len(values) == 1 and lowered in _YES | {"any"}:
            return lambda g, notes: bool(g.lock)
        if len(values) == 1 and lowered in _NO | {"none"}:
            return lambda g, notes: not g.lock
    if spec.kind == "tag":
        plain = [v.lower() for v in values if not any(ch in v for ch in "*?[")]
        globs = [_glob_or_exact(v) for v in values if any(ch in v for ch in "*?[")]
        if not globs and len(plain) == 1:
            only = plain[0]
            return lambda g, notes: only in _lower_tags(getter(g))
        wanted_tags = frozenset(plain)

        def has_tag(guest: Guest, notes: Mapping[GuestKey, str] | None) -> bool:
            lowered_tags = _lower_tags(getter(guest))
            if wanted_tags & lowered_tags:
                return True
            return any(match(t) for match in globs for t in lowered_tags)

        return has_tag
    if spec.kind == "name":
        # name: is a substring match unless it uses globs.
        needles = [v.lower() for v in values]
        if any(any(ch in v for ch in "*?[") for v in needles):
            matchers = [_glob_or_exact(v) for v in needles]
            return lambda g, notes: any(m(g.name) for m in matchers)
        return lambda g, notes: any(n in g.name.lower() for n in needles)
    matchers = [_glob_or_exact(v) for v in values]
    if len(matchers) == 1:
        (single,) = matchers
        return lambda g, notes: (value := getter(g)) is not None and single(str(value))
    return lambda g, notes: (
        (value := getter(g)) is not None and any(m(str(value)) for m in matchers)
    )


_COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "=": lambda a, b: a == b,
    ":": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def _number(term: Term, spec: _Field, text: str) -> tuple[float, bool]:
    """Return (value, is_percent_of_max) for ``text`` in the unit of ``spec``."""
    stripped = text.strip()
    if (
        stripped.endswith("%")
        and (spec.kind == "percent" or spec.maximum)
        and _NUMBER.match(stripped[:-1])
    ):
        return float(stripped[:-1]) / 100, spec.kind != "percent"
    parsed: float | None
    kind_name = QT_TRANSLATE_NOOP(_CTX, "number")
    if spec.kind == "size":
        parsed = parse_size(stripped)
        kind_name = QT_TRANSLATE_NOOP(_CTX, "size")
    elif spec.kind == "duration":
        parsed = parse_duration(stripped)
        kind_name = QT_TRANSLATE_NOOP(_CTX, "duration")
    elif spec.kind == "percent":
        parsed = float(stripped) / 100 if _NUMBER.match(stripped) else None
        kind_name = QT_TRANSLATE_NOOP(_CTX, "percentage")
    else:
        parsed = float(stripped) if _NUMBER.match(stripped) else None
    if parsed is None:
        raise QueryError(E_BAD_NUMBER, term.position, value=text, kind=kind_name, key=spec.name)
    return parsed, False


def _numeric(term: Term, spec: _Field) -> _Check:
    getter = attrgetter(spec.attr)
    if term.op in (":", "="):
        # Alternatives and inclusive ranges: vmid:100-199,300
        ranges: list[tuple[float, float]] = []
        for alternative in _alternatives(term.value):
            low_text, sep, high_text = alternative.partition("-")
            if sep and low_text and high_text:
                low, low_pct = _number(term, spec, low_text)
                high, high_pct = _number(term, spec, high_text)
                if low_pct or high_pct:
                    raise QueryError(E_BAD_OPERATOR, term.position, key=spec.name, op="%")
                if low > high:
                    raise QueryError(E_BAD_RANGE, term.position, value=alternative)
                ranges.append((low, high))
            else:
                value, pct = _number(term, spec, alternative)
                if pct:
                    raise QueryError(E_BAD_OPERATOR, term.position, key=spec.name, op="%")
                ranges.append((value, value))
        if len(ranges) == 1:
            low, high = ranges[0]
            return lambda g, notes: (v := getter(g)) is not None and low <= v <= high
        return lambda g, notes: (
            (v := getter(g)) is not None and any(lo <= v <= hi for lo, hi in ranges)
        )
    compare = _COMPARE[term.op]
    value, of_maximum = _number(term, spec, term.value)
    if of_maximum:
        assert spec.maximum is not None
        maximum = attrgetter(spec.maximum)

        def ratio_check(guest: Guest, notes: Mapping[GuestKey, str] | None) -> bool:
            current, limit = getter(guest), maximum(guest)
            if current is None or not limit:
                return False
            return compare(current / limit, value)

        return ratio_check
    if term.op == ">":
        return lambda g, notes: (v := getter(g)) is not None and v > value
    if term.op == "<":
        return lambda g, notes: (v := getter(g)) is not None and v < value
    return lambda g, notes: (v := getter(g)) is not None and compare(v, value)


def _predicate(query: Query, notes: Mapping[GuestKey, str] | None) -> Predicate:
    groups = query._compiled
    if not groups:
        return lambda guest: True
    if len(groups) == 1:
        checks = groups[0]
        if len(checks) == 1:
            (a,) = checks
            return lambda guest: a(guest, notes)
        if len(checks) == 2:
            a, b = checks
            return lambda guest: a(guest, notes) and b(guest, notes)

        def all_of(guest: Guest) -> bool:
            for check in checks:  # noqa: SIM110 - a loop beats all() + generator here
                if not check(guest, notes):
                    return False
            return True

        return all_of

    def any_group(guest: Guest) -> bool:
        for group in groups:
            for check in group:
                if not check(guest, notes):
                    break
            else:
                return True
        return False

    return any_group


def compile_query(text: str, notes: Mapping[GuestKey, str] | None = None) -> Predicate:
    """Parse ``text`` and return its predicate; raise QueryError when malformed."""
    return parse(text).predicate(notes)


# -- SQL narrowing ---------------------------------------------------------------------------------


def _sql_for(term: Term) -> list[SqlFilter]:
    assert term.field is not None
    spec = _FIELDS[term.field]
    if term.op in {"~", "!="}:
        return []
    values = _alternatives(term.value)
    if spec.kind in ("choice", "text"):
        if spec.column is None or any(any(ch in v for ch in "*?[") for v in values):
            return []
        if spec.kind == "choice":
            values = [_CHOICES[spec.name][v.lower()] for v in values]
        return [SqlFilter(spec.column, "in", tuple(v.lower() for v in values))]
    if spec.kind == "tag":
        if any(any(ch in v for ch in "*?[") for v in values):
            return []
        return [SqlFilter("tag", "tag", tuple(v.lower() for v in values))]
    if spec.kind == "bool":
        return [SqlFilter(spec.column or spec.attr, "in", (values[0].lower() in _YES,))]
    if spec.kind == "lock":
        lowered = values[0].lower()
        if lowered in _YES | {"any"}:
            return [SqlFilter("lock", "not_null")]
        if lowered in _NO | {"none"}:
            return []  # NULL or "" both mean unlocked: leave it to the predicate
        return [SqlFilter("lock", "in", tuple(v.lower() for v in values))]
    if spec.kind in _NUMERIC_KINDS and spec.column is not None:
        if term.op in (":", "="):
            bounds: list[tuple[float, float]] = []
            for alternative in values:
                low_text, sep, high_text = alternative.partition("-")
                if sep and low_text and high_text:
                    low = _number(term, spec, low_text)[0]
                    bounds.append((low, _number(term, spec, high_text)[0]))
                else:
                    number = _number(term, spec, alternative)[0]
                    bounds.append((number, number))
            if len(bounds) != 1:
                return []
            return [SqlFilter(spec.column, "between", bounds[0])]
        number, of_maximum = _number(term, spec, term.value)
        if of_maximum:
            return []
        return [SqlFilter(spec.column, term.op, (number,))]
    return []
