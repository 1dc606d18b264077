"""Per-cluster coordinators that mirror PVE into the store: fetch, normalise, diff, write, emit a

ChangeSet.
"""
