"""A simulated Proxmox VE fleet for tests, the demo and benchmarks.

Imports core at most and never our client, so it cannot share the client's assumptions.
"""
