"""Per-cluster coordinators that mirror PVE into the store.

Fetch, normalise, diff, write and emit a ChangeSet. Imports core, pve, store and secrets.
"""
