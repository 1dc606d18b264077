"""Console sessions: the local websocket relay and the QtWebEngine console views."""
