"""The desktop's client of the shared server (REST and event websocket)."""
