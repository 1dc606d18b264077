"""Fleet files (JSON): a whole fleet written out, or just the spec to generate one.

Format::

    {"format": "pvesphere-sim-fleet", "version": 1,
     "spec": {"clusters": 2, "nodes": 3, "guests": 20, "versions": ["8.4"], "seed": 7},   # or
     "fleet": {"seed": 7, "clusters": {"name": {...Cluster fields...}}}}

A ``fleet`` section lists every field of the model (see ``simulator/model.py``); fields left out
take their defaults, so hand-written files can stay short.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import types
import typing
from pathlib import Path
from typing import Any, Union

from pvesphere_desktop.simulator import model
from pvesphere_desktop.simulator.generate import FleetSpec, generate_fleet
from pvesphere_desktop.simulator.model import Fleet
from pvesphere_desktop.simulator.versions import profile

log = logging.getLogger(__name__)

FORMAT = "pvesphere-sim-fleet"
VERSION = 1


class FleetFileError(ValueError):
    """The fleet file cannot be used; the message says why."""


def _to_json(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): _to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_to_json(v) for v in obj]
    if isinstance(obj, set):
        return sorted(_to_json(v) for v in obj)
    return obj


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _from_json(tp: Any, data: Any, where: str) -> Any:
    if tp is Any or data is None:
        return data
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return _from_json(options[0], data, where) if len(options) == 1 else data
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise FleetFileError(f"{where}: expected an object")
        hints = _hints(tp)
        unknown = set(data) - set(hints)
        if unknown:
            raise FleetFileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        kwargs = {k: _from_json(hints[k], v, f"{where}.{k}") for k, v in data.items()}
        try:
            return tp(**kwargs)
        except TypeError as exc:
            raise FleetFileError(f"{where}: {exc}") from None
    if origin is dict:
        key_type, value_type = args
        if not isinstance(data, dict):
            raise FleetFileError(f"{where}: expected an object")
        return {
            (int(k) if key_type is int else k): _from_json(value_type, v, f"{where}.{k}")
            for k, v in data.items()
        }
    if origin in (list, set, tuple):
        if not isinstance(data, list):
            raise FleetFileError(f"{where}: expected a list")
        items = [
            _from_json(args[0] if args else Any, v, f"{where}[{i}]") for i, v in enumerate(data)
        ]
        return set(items) if origin is set else tuple(items) if origin is tuple else items
    return data


def fleet_to_dict(fleet: Fleet) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "fleet": _to_json(fleet)}


def fleet_from_dict(data: dict[str, Any]) -> Fleet:
    """Build a fleet from a parsed fleet file; raise FleetFileError with a clear message."""
    if data.get("format") != FORMAT:
        raise FleetFileError(f'not a fleet file (expected "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise FleetFileError(f"unsupported fleet file version {data.get('version')!r}")
    if "spec" in data:
        spec = data["spec"]
        if not isinstance(spec, dict):
            raise FleetFileError("spec: expected an object")
        try:
            if "versions" in spec:
                spec = {**spec, "versions": tuple(spec["versions"])}
            return generate_fleet(FleetSpec(**spec))
        except (TypeError, ValueError) as exc:
            raise FleetFileError(f"spec: {exc}") from None
    if "fleet" not in data:
        raise FleetFileError('a fleet file needs a "spec" or a "fleet" section')
    fleet: Fleet = _from_json(Fleet, data["fleet"], "fleet")
    for name, cluster in fleet.clusters.items():
        if cluster.name != name:
            raise FleetFileError(f"fleet.clusters.{name}: name does not match its key")
        try:
            profile(cluster.version)
        except ValueError as exc:
            raise FleetFileError(f"fleet.clusters.{name}.version: {exc}") from None
        if not cluster.nodes:
            raise FleetFileError(f"fleet.clusters.{name}: a cluster needs at least one node")
        for vmid, guest in cluster.guests.items():
            if guest.vmid != vmid or guest.node not in cluster.nodes:
                raise FleetFileError(f"fleet.clusters.{name}.guests.{vmid}: bad vmid or node")
    return fleet


def dump_fleet(fleet: Fleet, path: str | Path) -> None:
    """Write a fleet file."""
    Path(path).write_text(
        json.dumps(fleet_to_dict(fleet), indent=1, sort_keys=True), encoding="utf-8"
    )


def load_fleet(path: str | Path) -> Fleet:
    """Read a fleet file; raise FleetFileError (or OSError) when it cannot be used."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise FleetFileError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise FleetFileError(f"{path}: expected a JSON object")
    return fleet_from_dict(data)
