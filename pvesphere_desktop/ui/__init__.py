"""Everything Qt: bootstrap, main window, models, views, dialogs, charts and the palette."""
