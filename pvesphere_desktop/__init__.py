"""PveSphere Desktop: a desktop manager for fleets of Proxmox VE clusters."""

__version__ = "0.1.0"
APP_NAME = "PveSphere Desktop"
APP_ID = "pvesphere-desktop"
ORG_NAME = "PveSphere"
