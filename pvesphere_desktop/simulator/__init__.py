"""A simulated Proxmox VE fleet for tests, the demo and benchmarks.

Imports core at most and never our client, so it cannot share the client's assumptions.
"""

# Start one with :class:`SimulatedFleet` (a context manager) or :func:`start_fleet`; describe its
# shape with FleetSpec or load a fleet file with load_fleet().

from pvesphere_desktop.simulator.fleet import SimulatedFleet, start_fleet
from pvesphere_desktop.simulator.fleetfile import dump_fleet, load_fleet
from pvesphere_desktop.simulator.generate import FleetSpec, generate_fleet
from pvesphere_desktop.simulator.versions import VERSION_KEYS

__all__ = [
    "VERSION_KEYS",
    "FleetSpec",
    "SimulatedFleet",
    "dump_fleet",
    "generate_fleet",
    "load_fleet",
    "start_fleet",
]
