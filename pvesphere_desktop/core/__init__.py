"""Qt-free domain types shared by every layer.

Identifiers, enums, plain dataclasses, ChangeSet, health, the error taxonomy and the search
language. Imports the standard library only.
"""
