"""User operations on PVE (lifecycle, snapshots, migrate, clone, config, backup): validate, call,

follow, refresh.
"""
