"""Talk to Proxmox VE over its REST API.

Sessions, TLS trust, typed endpoint functions, task following and version capabilities.
Imports core only.

Entry points: :class:`pve.session.PveSession` (one per cluster; blocking, thread-safe),
:func:`pve.tls.probe_certificate` (trust on first use), :mod:`pve.normalize` (wire data to
``core`` records), :func:`pve.tasks.follow_task`.
"""
