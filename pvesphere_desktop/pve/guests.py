"""Guest lookups and power actions as PVE allows them per guest type."""

from __future__ import annotations

import logging
from typing import Any

from pvesphere_desktop.core.enums import GuestType, PowerAction
from pvesphere_desktop.core.errors import InvalidInputError, MalformedResponseError, NotFoundError
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
from pvesphere_desktop.core.models import Guest, Upid
from pvesphere_desktop.core.upid import parse_upid
from pvesphere_desktop.pve.session import PveSession

log = logging.getLogger(__name__)

_CTX = "PveGuests"

# LXC has no reset (pve-container has start/stop/shutdown/reboot/suspend/resume).
POWER_ACTIONS: dict[GuestType, frozenset[PowerAction]] = {
    GuestType.QEMU: frozenset(PowerAction),
    GuestType.LXC: frozenset(PowerAction) - {PowerAction.RESET},
}


def find_guest(session: PveSession, vmid: int) -> Guest:
    """Locate a guest by VMID with one ``/cluster/resources?type=vm`` request."""
    inventory = session.resources("vm")
    for guest in inventory.guests:
        if guest.vmid == vmid:
            return guest
    raise NotFoundError(
        QT_TRANSLATE_NOOP(_CTX, "no guest with VMID {vmid} in {cluster}").format(
            vmid=vmid, cluster=session.name
        ),
        host=session.active_endpoint.key,
    )


def power_action(
    session: PveSession, guest: Guest, action: PowerAction | str, **params: Any
) -> Upid:
    """Start a power action on ``guest``; return the task's UPID (follow it to know the end)."""
    try:
        chosen = PowerAction(action)
    except ValueError:
        raise InvalidInputError(str(action), what=QT_TRANSLATE_NOOP(_CTX, "action")) from None
    if chosen not in POWER_ACTIONS[guest.type]:
        raise InvalidInputError(
            QT_TRANSLATE_NOOP(_CTX, "{action} is not possible for a {type} guest").format(
                action=chosen.value, type=guest.type.value
            ),
            what=QT_TRANSLATE_NOOP(_CTX, "action"),
        )
    path = f"/nodes/{guest.node}/{guest.type.value}/{guest.vmid}/status/{chosen.value}"
    result = session.post(path, **params)
    try:
        upid = parse_upid(str(result))
    except ValueError:
        raise MalformedResponseError(
            QT_TRANSLATE_NOOP(_CTX, "expected a task id"), host=session.active_endpoint.key
        ) from None
    log.info(
        "cluster %s: %s %s/%d -> %s", session.name, chosen.value, guest.type, guest.vmid, upid.text
    )
    return upid
