"""The optional shared multi-user server: auth, roles, audit, REST, events and console relay."""
