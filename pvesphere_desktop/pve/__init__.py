"""Talk to Proxmox VE over its REST API.

Sessions, TLS trust, typed endpoint functions, task following and version capabilities.
Imports core only.
"""
