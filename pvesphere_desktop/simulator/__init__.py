"""A simulated Proxmox VE fleet for tests, the demo and benchmarks. Imports core at most, never our

client.
"""
