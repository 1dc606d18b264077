"""User operations on PVE guests and nodes.

Lifecycle, snapshots, migrate, clone, create, config and backup: validate the request, call PVE,
follow the task and request a refresh. Imports core, pve, store and sync.
"""
