"""Qt-free domain: identifiers, enums, plain dataclasses, ChangeSet, health, error taxonomy and the

search language. Imports the standard library only.
"""
