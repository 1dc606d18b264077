"""Widgets of the main window: table, search, dashboard, detail panes, charts, docks."""
