"""Conformance of our client's requests with the official PVE API schema, as a pytest plugin.

Every request any :class:`PveSession` sends during the test session is recorded (through
``pve.session.add_request_observer``). At the end each one is validated against the official
schema of its cluster's version in ../shared/pve-api (path, method, parameter names, types,
enums, ranges, required parameters); any violation fails the run and is listed in the summary.

A request's version comes from the endpoint registrations of the simulator fixtures, or from
the session that sent it once it had read ``/version``; a request whose version stays unknown
must conform to at least one of the three schemas.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from pvesphere_desktop.pve.session import (
    RequestRecord,
    add_request_observer,
    remove_request_observer,
)

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
SCHEMAS = {"7.4": "7.4-2", "8.4": "8.4.0", "9.1": "9.1.3"}
PLUGIN_NAME = "pvesphere-pve-conformance"


def schema_for_release(release: str) -> str:
    """The schema file version for a PVE release such as ``8.4`` (nearest of the same major)."""
    if release in SCHEMAS:
        return SCHEMAS[release]
    major = release.split(".", maxsplit=1)[0]
    same = sorted(k for k in SCHEMAS if k.split(".")[0] == major)
    if not same:
        raise KeyError(release)
    return SCHEMAS[same[-1]]


@dataclass(frozen=True)
class Endpoint:
    template: str
    regex: re.Pattern[str]
    params: tuple[str, ...]
    literal_segments: int


@cache
def load_schema(version: str) -> tuple[list[Endpoint], dict[tuple[str, str], Any]]:
    """Flatten the schema tree: path templates (as regexes) and (path, METHOD) -> info."""
    tree = json.loads((SHARED / "pve-api" / f"pve-api-schema-{version}.json").read_text())
    endpoints: list[Endpoint] = []
    methods: dict[tuple[str, str], Any] = {}

    def walk(node: dict[str, Any]) -> None:
        path = node["path"]
        params = tuple(re.findall(r"\{([^}]+)\}", path))
        pattern = re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(path))
        literal = sum(1 for seg in path.split("/") if seg and not seg.startswith("{"))
        endpoints.append(Endpoint(path, re.compile(f"^{pattern}$"), params, literal))
        for method, info in (node.get("info") or {}).items():
            methods[path, method] = info
        for child in node.get("children") or []:
            walk(child)

    for top in tree:
        walk(top)
    endpoints.sort(key=lambda e: (-e.literal_segments, len(e.params)))
    return endpoints, methods


# Named formats PVE checks beyond the schema's type (pve-common JSONSchema.pm).
_FORMATS = {
    "pve-node": re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"),
    "pve-storage-id": re.compile(r"[a-z][a-z0-9\-_.]*[a-z0-9]"),
    "pve-userid": re.compile(r"[^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]*[A-Za-z0-9]"),
}


def _check_format(name: str, schema: dict[str, Any], text: str) -> str | None:
    fmt = schema.get("format")
    if fmt == "pve-vmid" and not (text.isdigit() and 100 <= int(text) <= 999_999_999):
        return f"{name}: {text!r} is not a VMID (100-999999999)"
    pattern = _FORMATS.get(fmt) if isinstance(fmt, str) else None
    if pattern is not None and not pattern.fullmatch(text):
        return f"{name}: {text!r} is not a valid {fmt}"
    return None


def _check_value(name: str, schema: dict[str, Any], value: Any) -> str | None:
    kind = schema.get("type")
    values = value if isinstance(value, list) and kind != "array" else [value]
    for item in values:
        if isinstance(item, bool):
            return f"{name}: Python bool {item!r} (PVE wants 0/1)"
        text = str(item)
        if kind == "integer":
            if not re.fullmatch(r"-?\d+", text):
                return f"{name}: {text!r} is not an integer"
            number = int(text)
            if "minimum" in schema and number < schema["minimum"]:
                return f"{name}: {number} < minimum {schema['minimum']}"
            if "maximum" in schema and number > schema["maximum"]:
                return f"{name}: {number} > maximum {schema['maximum']}"
        elif kind == "number":
            try:
                float(text)
            except ValueError:
                return f"{name}: {text!r} is not a number"
        elif kind == "boolean" and text not in ("0", "1"):
            return f"{name}: {text!r} is not 0/1"
        if "enum" in schema and text not in [str(v) for v in schema["enum"]]:
            return f"{name}: {text!r} not in {schema['enum']}"
        if kind == "string" and "maxLength" in schema and len(text) > schema["maxLength"]:
            return f"{name}: longer than {schema['maxLength']}"
        problem = _check_format(name, schema, text)
        if problem:
            return problem
        pattern = schema.get("pattern")
        if kind == "string" and isinstance(pattern, str):
            try:
                compiled = re.compile(pattern)
            except re.error:
                compiled = None
            if compiled is not None and not compiled.fullmatch(text):
                return f"{name}: {text!r} does not match {pattern}"
    return None


def _declared(name: str, properties: dict[str, Any]) -> dict[str, Any] | None:
    if name in properties:
        return dict(properties[name])
    for key, schema in properties.items():
        if key.endswith("[n]") and re.fullmatch(re.escape(key[:-3]) + r"\d+", name):
            return dict(schema)
    return None


def validate(record: RequestRecord, version: str) -> list[str]:
    """Return every way ``record`` disagrees with the schema ``version`` (empty: conforms)."""
    endpoints, methods = load_schema(version)
    path = record.path.rstrip("/") or "/"
    match = None
    for endpoint in endpoints:
        found = endpoint.regex.match(path)
        if found and (endpoint.template, record.method) in methods:
            match = (endpoint, found)
            break
    if match is None:
        known = any(e.regex.match(path) for e in endpoints)
        why = "method not in schema" if known else "path not in schema"
        return [f"{record.method} {path}: {why} ({version})"]
    endpoint, found = match
    info = methods[endpoint.template, record.method]
    parameters = info.get("parameters") or {}
    properties: dict[str, Any] = dict(parameters.get("properties") or {})
    given: dict[str, Any] = dict(zip(endpoint.params, found.groups(), strict=True))
    given.update(record.params)
    given.update({k: v for k, v in record.data.items() if v != "***"})
    masked = {k for k, v in record.data.items() if v == "***"}
    problems: list[str] = []
    where = f"{record.method} {endpoint.template} ({version})"
    for name, value in given.items():
        schema = _declared(name, properties)
        if schema is None:
            if not parameters.get("additionalProperties"):
                problems.append(f"{where}: unknown parameter {name!r}")
            continue
        problem = _check_value(name, schema, value)
        if problem:
            problems.append(f"{where}: {problem}")
    for name in masked:
        if _declared(name, properties) is None and not parameters.get("additionalProperties"):
            problems.append(f"{where}: unknown parameter {name!r}")
    for name, schema in properties.items():
        required = not schema.get("optional") and "[n]" not in name
        if required and name not in given and name not in masked:
            problems.append(f"{where}: required parameter {name!r} missing")
    return problems


def endpoint_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 8006}"


@dataclass
class Recorder:
    """Collects requests; validates them at the end of the session."""

    records: list[RequestRecord] = field(default_factory=list)
    endpoint_versions: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    problems: list[str] = field(default_factory=list)
    stats: Counter[str] = field(default_factory=Counter)

    def observe(self, record: RequestRecord) -> None:
        with self.lock:
            self.records.append(record)

    def register(self, url: str, release: str) -> None:
        with self.lock:
            self.endpoint_versions[endpoint_key(url)] = release

    def version_of(self, record: RequestRecord, learnt: dict[str, str]) -> str | None:
        key = endpoint_key(record.endpoint)
        if key in self.endpoint_versions:
            return self.endpoint_versions[key]
        if record.version is not None:
            return record.version.release
        return learnt.get(key)

    def check_all(self) -> None:
        with self.lock:
            records = list(self.records)
        learnt = {
            endpoint_key(r.endpoint): r.version.release for r in records if r.version is not None
        }
        seen: set[tuple[str, str, str, str]] = set()
        for record in records:
            release = self.version_of(record, learnt)
            if release is None:
                # Version unknown (a session that never read /version on an endpoint no fixture
                # registered): it must at least conform to one of the official schemas.
                self.stats["any version"] += 1
                results = [validate(record, version) for version in SCHEMAS.values()]
                if all(results):
                    for problem in results[-1]:
                        self._add(seen, ("any", record.method, record.path, problem), problem)
                continue
            try:
                version = schema_for_release(release)
            except KeyError:
                self.stats["no schema"] += 1
                continue
            self.stats["validated"] += 1
            self.stats[f"PVE {release}"] += 1
            for problem in validate(record, version):
                self._add(seen, (version, record.method, record.path, problem), problem)

    def _add(self, seen: set[tuple[str, str, str, str]], key: tuple[str, str, str, str],
             problem: str) -> None:  # fmt: skip
        if key not in seen:
            seen.add(key)
            self.problems.append(problem)


class ConformancePlugin:
    """The pytest side: install the observer, report and fail at the end."""

    def __init__(self) -> None:
        self.recorder = Recorder()
        add_request_observer(self.recorder.observe)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        remove_request_observer(self.recorder.observe)
        try:
            self.recorder.check_all()
        except OSError as exc:  # ../shared missing: say so instead of crashing pytest
            self.recorder.problems.append(f"official PVE schemas unavailable: {exc}")
        if self.recorder.problems and session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        recorder = self.recorder
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(recorder.stats.items()))
        terminalreporter.write_sep("-", f"PVE request conformance ({counts or 'no requests'})")
        for problem in recorder.problems:
            terminalreporter.write_line(f"NONCONFORMING {problem}", red=True)


def install(config: pytest.Config) -> ConformancePlugin:
    """Register the plugin once per test session; return it."""
    existing = config.pluginmanager.get_plugin(PLUGIN_NAME)
    if isinstance(existing, ConformancePlugin):
        return existing
    plugin = ConformancePlugin()
    config.pluginmanager.register(plugin, PLUGIN_NAME)
    return plugin


def register_fleet(config: pytest.Config, infos: list[dict[str, Any]]) -> None:
    """Tell the recorder the version of every node address of a simulated fleet."""
    plugin = install(config)
    for info in infos:
        for node in info["nodes"]:
            plugin.recorder.register(node["url"], info["version"])
        plugin.recorder.register(info["url"], info["version"])
