"""Talking to Proxmox VE: sessions, TLS trust, typed endpoint functions, task following and version

capabilities. Imports core only.
"""
