"""Helpers to point our client at a simulated cluster: configs, secrets, TOTP codes."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pyotp

from pvesphere_desktop.core.config import AuthMethod, ClusterConfig, TlsMode
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.pve.session import PveSession, parse_token
from pvesphere_desktop.pve.tls import host_port
from pvesphere_desktop.simulator import FleetSpec, SimulatedFleet


def make_fleet(seed: int, standalone: int = 1) -> SimulatedFleet:
    """A fleet with one multi-node cluster per version (+ standalone nodes), tasks instant."""
    clusters = 3 + standalone
    spec = FleetSpec(
        clusters=clusters,
        nodes=3,
        guests=24,
        versions=("7.4", "8.4", "9.1"),
        seed=seed,
        standalone=standalone,
    )
    return SimulatedFleet(spec, time_scale=0.0, unauthorized_delay=0.0)


@dataclass
class SimCluster:
    """One simulated cluster as the CLI would describe it, with ways to log in to it."""

    fleet: SimulatedFleet
    info: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.info["name"])

    @property
    def version(self) -> str:
        return str(self.info["version"])

    @property
    def url(self) -> str:
        return str(self.info["url"])

    @property
    def sim(self) -> Any:
        return self.fleet[self.name]

    @property
    def node_names(self) -> list[str]:
        return [n["name"] for n in self.info["nodes"]]

    def pins(self, all_nodes: bool = False) -> dict[str, str]:
        if all_nodes:
            return {host_port(n["url"]): n["fingerprint"] for n in self.info["nodes"]}
        return {host_port(self.url): self.info["fingerprint"]}

    def token_config(self, **changes: Any) -> tuple[ClusterConfig, Secret]:
        user, token_id, secret = parse_token(self.info["token"])
        config = ClusterConfig(
            name=self.name,
            url=self.url,
            auth=AuthMethod.TOKEN,
            user=user,
            token_id=token_id,
            tls=TlsMode.PINNED,
            fingerprints=self.pins(),
            timeout_s=5.0,
        )
        return config.with_changes(**changes), secret

    def token_of(self, userid: str) -> tuple[str, str, Secret]:
        for token in self.info["tokens"]:
            if token["tokenid"].startswith(f"{userid}!"):
                user, _, token_id = token["tokenid"].partition("!")
                return user, token_id, Secret(token["secret"])
        raise LookupError(userid)

    def user(self, userid: str) -> dict[str, Any]:
        return next(u for u in self.info["users"] if u["userid"] == userid)

    def password_config(self, userid: str, **changes: Any) -> tuple[ClusterConfig, Secret]:
        user = self.user(userid)
        config = ClusterConfig(
            name=self.name,
            url=self.url,
            auth=AuthMethod.PASSWORD,
            user=userid,
            tls=TlsMode.PINNED,
            fingerprints=self.pins(),
            timeout_s=5.0,
        )
        return config.with_changes(**changes), Secret(user["password"])

    def totp(self, userid: str, at: float | None = None) -> str:
        secret = self.user(userid)["totp_secret"]
        moment = (at if at is not None else time.time()) + self.fleet.clock.offset
        return str(pyotp.TOTP(secret).at(moment))

    def recovery_keys(self, userid: str) -> list[str]:
        return [k for k in self.sim.model.users[userid].recovery_keys if k]

    def session(self, **changes: Any) -> PveSession:
        config, secret = self.token_config(**changes)
        return PveSession(config, secret)

    def tfa_userid(self) -> str:
        return next(u["userid"] for u in self.info["users"] if u["totp_secret"])

    def audit_userid(self) -> str:
        return next(u["userid"] for u in self.info["users"] if u.get("comment") == "read-only")
