"""Parameter validation in PVE's JSON-schema dialect, with PVE's error wording.

Two sources of parameter schemas feed the same validator:

* the official API schema of the emulated release (``pve-api-schema-<ver>.json``), loaded at run
  time from a directory passed in, ``$PVESPHERE_PVE_SCHEMA_DIR`` or ``../shared/pve-api`` beside
  the source checkout. It is third-party data and never shipped inside the package;
* our own, hand-written parameter spec of the routes we serve (``params`` of each route), used
  when the official files are not there (the packaged demo). It declares only what the simulator
  understands, so in that mode undeclared parameters are accepted unchecked.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import re
import threading
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SCHEMA_DIR_ENV = "PVESPHERE_PVE_SCHEMA_DIR"

ParamValue = str | list[str]


class FormatError(Exception):
    """A value does not match a named or property-string format (message ends in newline)."""


# --- named formats (pve-common PVE::JSONSchema and friends) ----------------------------------

_RE_NODE = re.compile(r"^(?=.{1,63}$)[a-zA-Z0-9](?:[a-zA-Z0-9\-]*[a-zA-Z0-9])?$")
_RE_CONFIGID = re.compile(r"^[a-z][a-z0-9_-]+$")
_RE_STORAGE_ID = re.compile(r"^[a-z][a-z0-9\-_.]*[a-z0-9]$", re.IGNORECASE)
_RE_POOLID = re.compile(r"^[A-Za-z0-9.\-_/]+$")
_RE_TAG = re.compile(r"^[a-z0-9_][a-z0-9_\-+.]*$", re.IGNORECASE)
_RE_DNS_LABEL = r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9\-]*[a-zA-Z0-9])?)"
_RE_DNS = re.compile(rf"^(?:{_RE_DNS_LABEL}\.)*{_RE_DNS_LABEL}$")
_RE_MAC = re.compile(r"^[a-fA-F0-9][02468aAcCeE](?::[a-fA-F0-9]{2}){5}$")
_RE_USERID = re.compile(r"^[^\s:/@]{1,60}@[A-Za-z][A-Za-z0-9.\-_]{1,31}$")
_RE_REALM = re.compile(r"^[A-Za-z][A-Za-z0-9.\-_]{1,31}$")
_RE_EMAIL = re.compile(r"^[\w+\-~]+(?:\.[\w+\-~]+)*@[a-zA-Z0-9\-]+(?:\.[a-zA-Z0-9\-]+)*$")
_RE_BRIDGE = re.compile(r"^[-_.\w\d]+$")
_RE_GROUPID = re.compile(r"^[A-Za-z0-9.\-_]+$")
_RE_ROLEID = re.compile(r"^[A-Za-z0-9.\-_]+$")
_RE_PRIV = re.compile(r"^[A-Za-z][A-Za-z.]+$")
_RE_VOLID = re.compile(r"^[a-z][a-z0-9\-_.]*[a-z0-9]:.+$", re.IGNORECASE)
_RE_ISCSI_OR_PATH = re.compile(r"^(?:/dev/.+|/.+)$")
_RE_STARTUP = re.compile(r"^(?:order=\d+)?(?:,?(?:up|down)=\d+)*$")
_RE_CALENDAR = re.compile(r"^[\w\s:*/,.\-~]+$")
_RE_IFACE = re.compile(r"^[a-zA-Z][a-zA-Z0-9_.\-]{1,20}$")

STORAGE_CONTENT = ("images", "rootdir", "vztmpl", "iso", "backup", "snippets", "import")
TASK_STATUS_TYPES = ("ok", "error", "warning", "unknown")


def _check_ip(value: str, version: int | None = None) -> bool:
    try:
        addr = ipaddress.ip_address(value)
    except ValueError:
        return False
    return version is None or addr.version == version


def _check_cidr(value: str, version: int | None = None) -> bool:
    try:
        net = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    return "/" in value and (version is None or net.version == version)


def _fmt_vmid(v: str) -> None:
    if not re.fullmatch(r"[1-9][0-9]{2,8}", v):
        raise FormatError("value does not look like a valid VM ID\n")


def _fmt_node(v: str) -> None:
    if not _RE_NODE.match(v):
        raise FormatError("value does not look like a valid node name\n")


def _fmt_configid(v: str) -> None:
    if not _RE_CONFIGID.match(v):
        raise FormatError(f"invalid configuration ID '{v}'\n")


def _fmt_storage_id(v: str) -> None:
    if not _RE_STORAGE_ID.match(v):
        raise FormatError(f"storage ID '{v}' contains illegal characters\n")


def _fmt_poolid(v: str) -> None:
    if not _RE_POOLID.match(v):
        raise FormatError(f"pool name '{v}' contains invalid characters\n")


def _fmt_tag(v: str) -> None:
    if not _RE_TAG.match(v):
        raise FormatError("invalid characters in tag\n")


def _fmt_tag_list(v: str) -> None:
    for tag in re.split(r"[;,\s]+", v):
        if tag:
            _fmt_tag(tag)


def _fmt_dns(v: str) -> None:
    if not _RE_DNS.match(v):
        raise FormatError("value does not look like a valid DNS name\n")


def _fmt_mac(v: str) -> None:
    if not _RE_MAC.match(v):
        raise FormatError("value does not look like a valid unicast MAC address\n")


def _fmt_userid(v: str) -> None:
    if not _RE_USERID.match(v):
        raise FormatError(f"value '{v}' does not look like a valid user name\n")


def _fmt_realm(v: str) -> None:
    if not _RE_REALM.match(v):
        raise FormatError(f"value '{v}' does not look like a valid realm\n")


def _fmt_email(v: str) -> None:
    if not _RE_EMAIL.match(v):
        raise FormatError("value does not look like a valid email address\n")


def _fmt_email_opt(v: str) -> None:
    if v:
        _fmt_email(v)


def _fmt_email_or_username(v: str) -> None:
    if not (_RE_EMAIL.match(v) or _RE_USERID.match(v)):
        raise FormatError("value does not look like a valid email address or user name\n")


def _fmt_bridge(v: str) -> None:
    if not _RE_BRIDGE.match(v):
        raise FormatError(f"invalid bridge ID '{v}'\n")


def _fmt_groupid(v: str) -> None:
    if not _RE_GROUPID.match(v):
        raise FormatError(f"group name '{v}' contains invalid characters\n")


def _fmt_roleid(v: str) -> None:
    if not _RE_ROLEID.match(v):
        raise FormatError(f"role name '{v}' contains invalid characters\n")


def _fmt_priv(v: str) -> None:
    if not _RE_PRIV.match(v):
        raise FormatError(f"invalid privilege '{v}'\n")


def _fmt_volume_id(v: str) -> None:
    if not _RE_VOLID.match(v):
        raise FormatError(f"unable to parse volume ID '{v}'\n")


def _fmt_volume_or_path(v: str) -> None:
    if not (_RE_VOLID.match(v) or _RE_ISCSI_OR_PATH.match(v) or v in ("none", "cdrom")):
        raise FormatError(f"unable to parse volume ID '{v}'\n")


def _fmt_storage_content(v: str) -> None:
    if v not in STORAGE_CONTENT:
        raise FormatError(f"invalid content type '{v}'\n")


def _fmt_ip(v: str) -> None:
    if not _check_ip(v):
        raise FormatError("value does not look like a valid IP address\n")


def _fmt_ipv4(v: str) -> None:
    if not _check_ip(v, 4):
        raise FormatError("value does not look like a valid IPv4 address\n")


def _fmt_ipv6(v: str) -> None:
    if not _check_ip(v, 6):
        raise FormatError("value does not look like a valid IPv6 address\n")


def _fmt_cidr(v: str) -> None:
    if not _check_cidr(v):
        raise FormatError("value does not look like a valid CIDR network\n")


def _fmt_address(v: str) -> None:
    if not (_check_ip(v) or _RE_DNS.match(v)):
        raise FormatError("value does not look like a valid address\n")


def _fmt_startup(v: str) -> None:
    if not _RE_STARTUP.match(v):
        raise FormatError("value does not look like a valid startup order\n")


def _fmt_calendar(v: str) -> None:
    if not _RE_CALENDAR.match(v):
        raise FormatError(f"unable to parse calendar event '{v}'\n")


def _fmt_iface(v: str) -> None:
    if not _RE_IFACE.match(v):
        raise FormatError(f"invalid network interface name '{v}'\n")


def _fmt_task_status(v: str) -> None:
    if v.lower() not in TASK_STATUS_TYPES:
        raise FormatError(f"invalid task status type '{v}'\n")


def _fmt_disk_size(v: str) -> None:
    if not re.fullmatch(r"\d+(?:\.\d+)?[KMGT]?", v):
        raise FormatError(f"unable to parse size '{v}'\n")


def _fmt_ha_sid(v: str) -> None:
    if not re.fullmatch(r"(?:(?:vm|ct):)?[1-9][0-9]{2,8}", v):
        raise FormatError(f"unable to parse HA resource ID '{v}'\n")


NAMED_FORMATS: dict[str, Any] = {
    "pve-vmid": _fmt_vmid,
    "pve-node": _fmt_node,
    "pve-configid": _fmt_configid,
    "pve-storage-id": _fmt_storage_id,
    "pve-poolid": _fmt_poolid,
    "pve-tag": _fmt_tag,
    "pve-tag-list": _fmt_tag_list,
    "dns-name": _fmt_dns,
    "mac-addr": _fmt_mac,
    "pve-userid": _fmt_userid,
    "pve-realm": _fmt_realm,
    "email": _fmt_email,
    "email-opt": _fmt_email_opt,
    "email-or-username": _fmt_email_or_username,
    "pve-bridge-id": _fmt_bridge,
    "pve-groupid": _fmt_groupid,
    "pve-roleid": _fmt_roleid,
    "pve-priv": _fmt_priv,
    "pve-volume-id": _fmt_volume_id,
    "pve-volume-id-or-qm-path": _fmt_volume_or_path,
    "pve-volume-id-or-absolute-path": _fmt_volume_or_path,
    "pve-storage-content": _fmt_storage_content,
    "ip": _fmt_ip,
    "ipv4": _fmt_ipv4,
    "ipv6": _fmt_ipv6,
    "CIDR": _fmt_cidr,
    "IPorCIDR": lambda v: None if (_check_ip(v) or _check_cidr(v)) else _fmt_cidr(v),
    "address": _fmt_address,
    "pve-startup-order": _fmt_startup,
    "pve-calendar-event": _fmt_calendar,
    "pve-iface": _fmt_iface,
    "pve-task-status-type": _fmt_task_status,
    "disk-size": _fmt_disk_size,
    "pve-ha-resource-or-vm-id": _fmt_ha_sid,
    "pve-ha-resource-id": _fmt_ha_sid,
}


def split_list(value: str) -> list[str]:
    """Split a PVE list value the way ``PVE::Tools::split_list`` does."""
    return [x for x in re.split(r"[;,\s\0]+", value) if x]


def check_format(fmt: Any, value: str, path: str) -> None:
    """Check ``value`` against a named or property-string format; raise FormatError."""
    if isinstance(fmt, dict):
        parse_property_string(fmt, value, path)
        return
    if not isinstance(fmt, str):
        return
    if fmt.endswith("-list") and fmt not in NAMED_FORMATS:
        base = fmt[: -len("-list")]
        check = NAMED_FORMATS.get(base)
        if check:
            for item in split_list(value):
                check(item)
        return
    check = NAMED_FORMATS.get(fmt)
    if check:
        check(value)


def parse_boolean(value: Any) -> int | None:
    """Return 1/0 for PVE's accepted boolean spellings, None otherwise."""
    if isinstance(value, bool):
        return int(value)
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return 1
    if text in ("0", "false", "no", "off"):
        return 0
    return None


def is_integer(value: str) -> bool:
    return re.fullmatch(r"[+-]?\d+", value.strip()) is not None


def is_number(value: str) -> bool:
    return re.fullmatch(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", value.strip()) is not None


def parse_property_string(fmt: dict[str, Any], data: str, path: str) -> dict[str, Any]:
    """Parse ``k=v,k2=v2`` against an inline format; raise FormatError like PVE."""
    default_key = next(
        (k for k, s in fmt.items() if isinstance(s, dict) and s.get("default_key")), None
    )
    res: dict[str, Any] = {}
    for part in data.split(","):
        if not part.strip():
            continue
        m = re.match(r"^([^=]+)=(.+)$", part, re.DOTALL)
        if m:
            key, val = m.group(1), m.group(2)
            if key in res:
                raise FormatError(f"duplicate key in comma-separated list property: {key}\n")
            schema = fmt.get(key)
            if isinstance(schema, dict) and schema.get("alias"):
                key_alias = schema.get("keyAlias")
                if key_alias:
                    if key_alias in res:
                        raise FormatError(f"key alias '{key_alias}' is already defined\n")
                    res[key_alias] = key
                key = schema["alias"]
                schema = fmt.get(key)
            if not isinstance(schema, dict):
                raise FormatError(f"invalid key in comma-separated list property: {key}\n")
            if schema.get("type") == "boolean":
                parsed = parse_boolean(val)
                val = str(parsed) if parsed is not None else val
            res[key] = val
        elif "=" not in part:
            if not default_key:
                raise FormatError("value without key, but schema does not define a default key\n")
            if default_key in res:
                raise FormatError(
                    f"duplicate key in comma-separated list property: {default_key}\n"
                )
            res[default_key] = part
        else:
            raise FormatError("missing key in comma-separated list property\n")
    errors: dict[str, str] = {}
    props = {k: s for k, s in fmt.items() if isinstance(s, dict) and not s.get("alias")}
    check_object(path, props, res, False, errors)
    if errors:
        text = "format error\n" + "".join(f"{k}: {v}\n" for k, v in errors.items())
        raise FormatError(text)
    return res


def _add_error(errors: dict[str, str], path: str, msg: str) -> None:
    path = path or "_root"
    errors[path] = f"{errors[path]}\n{msg}" if path in errors else msg


def check_type(path: str, typ: Any, value: Any, errors: dict[str, str]) -> bool:
    """Check a scalar or array value against a schema type the way PVE does."""
    if not typ or typ == "any":
        return True
    if isinstance(value, list):
        if typ == "array":
            return True
        _add_error(errors, path, f"type check ('{typ}') failed - got ARRAY")
        return False
    text = str(value)
    if typ == "string":
        return True
    if typ == "integer":
        if is_integer(text):
            return True
        _add_error(errors, path, f"type check ('integer') failed - got '{text}'")
        return False
    if typ == "number":
        if is_number(text):
            return True
        _add_error(errors, path, f"type check ('number') failed - got '{text}'")
        return False
    if typ == "boolean":
        if parse_boolean(text) is not None:
            return True
        _add_error(errors, path, f"type check ('boolean') failed - got '{text}'")
        return False
    if typ == "array":
        return True  # a single value of an array parameter
    if typ == "null":
        _add_error(errors, path, f"type check ('null') failed - got '{text}'")
        return False
    return True


def check_prop(value: Any, schema: Mapping[str, Any], path: str, errors: dict[str, str]) -> None:
    """Check one value against its schema, collecting PVE-worded errors."""
    if value is None:
        if not schema.get("optional") and not schema.get("alias") and not schema.get("group"):
            _add_error(errors, path, "property is missing and it is not optional")
        return
    if not check_type(path, schema.get("type"), value, errors):
        return
    if isinstance(value, list):
        items = schema.get("items")
        if isinstance(items, dict):
            for index, item in enumerate(value):
                check_prop(item, items, f"{path}[{index}]", errors)
        return
    text = str(value)
    fmt = schema.get("format")
    if fmt:
        try:
            check_format(fmt, text, path)
        except FormatError as exc:
            _add_error(errors, path, f"invalid format - {exc}")
            return
    pattern = schema.get("pattern")
    if pattern and not re.fullmatch(_perl_re(pattern), text):
        _add_error(errors, path, "value does not match the regex pattern")
        return
    if schema.get("maxLength") is not None and len(text) > int(schema["maxLength"]):
        _add_error(errors, path, f"value may only be {schema['maxLength']} characters long")
        return
    if schema.get("minLength") is not None and len(text) < int(schema["minLength"]):
        _add_error(errors, path, f"value must be at least {schema['minLength']} characters long")
        return
    if is_number(text):
        number = float(text)
        if schema.get("maximum") is not None and number > float(schema["maximum"]):
            _add_error(
                errors, path, f"value must have a maximum value of {_num(schema['maximum'])}"
            )
            return
        if schema.get("minimum") is not None and number < float(schema["minimum"]):
            _add_error(
                errors, path, f"value must have a minimum value of {_num(schema['minimum'])}"
            )
            return
    enum = schema.get("enum")
    if enum is not None and text not in [str(e) for e in enum]:
        _add_error(
            errors,
            path,
            f"value '{text}' does not have a value in the enumeration"
            f" '{', '.join(map(str, enum))}'",
        )


def _num(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else str(value)


@lru_cache(maxsize=512)
def _perl_re(pattern: str) -> str:
    # PVE's patterns are Perl regexes: "(?^i:...)" (default flags plus i) is "(?i:...)" here
    pattern = re.sub(
        r"\(\?\^([a-z]*):", lambda m: f"(?{m.group(1)}:" if m.group(1) else "(?:", pattern
    )
    return pattern.replace("\\z", "\\Z")


_INDEXED = re.compile(r"^(.*)\[n\]$")
_RANGE_IN_DESC = re.compile(r"\(n is 0 to (\d+)\)")


def _index_limit(key: str, schema: Mapping[str, Any]) -> int:
    m = _RANGE_IN_DESC.search(str(schema.get("description", "")))
    if m:
        return int(m.group(1))
    return 255


def resolve_key(props: Mapping[str, Any], key: str) -> tuple[str, Mapping[str, Any]] | None:
    """Find the schema entry for ``key``, including indexed ones (``net0`` -> ``net[n]``)."""
    schema = props.get(key)
    if isinstance(schema, Mapping):
        return key, schema
    m = re.fullmatch(r"([a-z_\-]+?)(\d+)", key)
    if m:
        indexed = props.get(f"{m.group(1)}[n]")
        if isinstance(indexed, Mapping) and int(m.group(2)) <= _index_limit(key, indexed):
            return f"{m.group(1)}[n]", indexed
    return None


def check_object(
    path: str,
    props: Mapping[str, Any],
    value: Mapping[str, Any],
    additional: bool,
    errors: dict[str, str],
) -> None:
    """Check a mapping of values against ``props``, as PVE's ``check_object``."""
    for key, schema in props.items():
        if _INDEXED.match(key) or not isinstance(schema, Mapping):
            continue
        new_path = f"{path}.{key}" if path else key
        check_prop(value.get(key), schema, new_path, errors)
    for key, item in value.items():
        new_path = f"{path}.{key}" if path else key
        resolved = resolve_key(props, key)
        if resolved is None:
            if not additional:
                _add_error(
                    errors,
                    new_path,
                    "property is not defined in schema and the schema does not allow additional"
                    " properties",
                )
            continue
        name, schema = resolved
        if name != key:  # indexed keys are not checked by the loop above
            check_prop(item, schema, new_path, errors)


def validate_params(
    param_schema: Mapping[str, Any] | None,
    params: Mapping[str, ParamValue],
    *,
    strict: bool = True,
) -> dict[str, str]:
    """Validate request parameters; return PVE-style per-parameter errors (empty if fine)."""
    errors: dict[str, str] = {}
    if not param_schema:
        return errors
    props = param_schema.get("properties") or {}
    additional = bool(param_schema.get("additionalProperties", 0)) or not strict
    values: dict[str, Any] = {}
    for key, raw in params.items():
        resolved = resolve_key(props, key)
        schema = resolved[1] if resolved else None
        value: Any = raw
        if isinstance(raw, list) and (schema is None or schema.get("type") != "array"):
            value = "\0".join(raw)
        elif schema is not None and schema.get("type") == "array" and not isinstance(raw, list):
            value = [raw]
        values[key] = value
    check_object("", props, values, additional, errors)
    return errors


# --- the official schema files -----------------------------------------------------------------


class OfficialSchema:
    """Index of one official PVE API schema file by (method, path template)."""

    def __init__(self, tree: list[dict[str, Any]], source: Path) -> None:
        self.source = source
        self.infos: dict[tuple[str, str], dict[str, Any]] = {}
        stack = list(tree)
        while stack:
            node = stack.pop()
            for method, info in (node.get("info") or {}).items():
                self.infos[(method, node["path"])] = info
            stack.extend(node.get("children") or [])

    def info(self, method: str, path: str) -> dict[str, Any] | None:
        return self.infos.get((method, path))

    def parameters(self, method: str, path: str) -> dict[str, Any] | None:
        info = self.info(method, path)
        return None if info is None else (info.get("parameters") or {})


_schema_lock = threading.Lock()
_schema_cache: dict[Path, OfficialSchema] = {}


def find_schema_dir(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Locate the official schema directory, or None when it is not available."""
    candidates: list[Path] = []
    if explicit:
        candidates.append(Path(explicit))
    env = os.environ.get(SCHEMA_DIR_ENV)
    if env:
        candidates.append(Path(env))
    repo_root = Path(__file__).resolve().parents[2]
    candidates.append(repo_root.parent / "shared" / "pve-api")
    for candidate in candidates:
        if candidate.is_dir() and any(candidate.glob("pve-api-schema-*.json")):
            return candidate
    return None


def load_official_schema(directory: Path, filename: str) -> OfficialSchema | None:
    """Load (once per process) one official schema file; None when it is missing."""
    path = directory / filename
    with _schema_lock:
        cached = _schema_cache.get(path)
        if cached is not None:
            return cached
        if not path.is_file():
            log.info("official schema %s not found; using the built-in parameter spec", path)
            return None
        with path.open(encoding="utf-8") as handle:
            tree = json.load(handle)
        schema = OfficialSchema(tree, path)
        _schema_cache[path] = schema
        log.debug("loaded %d methods from %s", len(schema.infos), path)
        return schema
