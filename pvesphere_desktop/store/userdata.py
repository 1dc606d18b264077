"""User-owned data: notes, favourites, colour labels and saved searches.

These tables belong to the user. The sync engine never writes them, so nothing a cluster does
(a guest disappearing for a while, a migration, a rename) loses a note or a favourite. They go
only when the user removes the cluster connection itself.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from sqlalchemy import Connection, Table, and_, delete, select

from pvesphere_desktop.core.errors import ValidationError
from pvesphere_desktop.core.events import ObjectType
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.errors import ClusterNotFoundError
from pvesphere_desktop.store.models import (
    ClusterRow,
    FavouriteRow,
    LabelRow,
    NoteRow,
    SavedSearchRow,
)

NOTES: Table = NoteRow.__table__  # type: ignore[assignment]
FAVOURITES: Table = FavouriteRow.__table__  # type: ignore[assignment]
LABELS: Table = LabelRow.__table__  # type: ignore[assignment]
SEARCHES: Table = SavedSearchRow.__table__  # type: ignore[assignment]
CLUSTERS: Table = ClusterRow.__table__  # type: ignore[assignment]

MAX_NOTE = 100_000
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class InvalidUserDataError(ValidationError):
    template = QT_TRANSLATE_NOOP("Errors", "This value cannot be saved: {detail}")


@dataclass(frozen=True, slots=True)
class ObjectRef:
    """A user-data target: (cluster, type, key), e.g. ("lab", GUEST, "100")."""

    cluster: str
    object_type: ObjectType
    object_key: str

    @classmethod
    def guest(cls, key: GuestKey) -> ObjectRef:
        return cls(key.cluster, ObjectType.GUEST, str(key.vmid))

    @classmethod
    def node(cls, cluster: str, node: str) -> ObjectRef:
        return cls(cluster, ObjectType.NODE, node)


@dataclass(frozen=True, slots=True)
class SavedSearch:
    name: str
    query: str


class UserDataStore:
    """Read and write the user's own annotations."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def _cid(self, conn: Connection, cluster: str) -> int:
        found = conn.execute(select(CLUSTERS.c.id).where(CLUSTERS.c.name == cluster)).scalar()
        if found is None:
            raise ClusterNotFoundError(name=cluster)
        return int(found)

    def _names(self) -> dict[int, str]:
        with self._db.read_connection() as conn:
            return {
                int(cid): str(name)
                for cid, name in conn.execute(select(CLUSTERS.c.id, CLUSTERS.c.name))
            }

    # -- notes --------------------------------------------------------------------------------

    def set_note(self, ref: ObjectRef, text: str) -> None:
        """Save the note of ``ref``; an empty text deletes it."""
        if len(text) > MAX_NOTE:
            raise InvalidUserDataError(f"note longer than {MAX_NOTE} characters")
        with self._db.write_connection() as conn:
            cid = self._cid(conn, ref.cluster)
            where = and_(
                NOTES.c.cluster_id == cid,
                NOTES.c.object_type == ref.object_type.value,
                NOTES.c.object_key == ref.object_key,
            )
            conn.execute(delete(NOTES).where(where))
            if text.strip():
                conn.execute(
                    NOTES.insert().values(
                        cluster_id=cid,
                        object_type=ref.object_type.value,
                        object_key=ref.object_key,
                        text=text,
                        updated_at=time.time(),
                    )
                )

    def note(self, ref: ObjectRef) -> str:
        """Return the note of ``ref`` ("" when none)."""
        with self._db.read_connection() as conn:
            cid = self._cid(conn, ref.cluster)
            found = conn.execute(
                select(NOTES.c.text).where(
                    and_(
                        NOTES.c.cluster_id == cid,
                        NOTES.c.object_type == ref.object_type.value,
                        NOTES.c.object_key == ref.object_key,
                    )
                )
            ).scalar()
        return str(found) if found is not None else ""

    def guest_notes(self) -> dict[GuestKey, str]:
        """Return every guest note (for free-text search)."""
        names = self._names()
        with self._db.read_connection() as conn:
            rows = conn.execute(
                select(NOTES.c.cluster_id, NOTES.c.object_key, NOTES.c.text).where(
                    NOTES.c.object_type == ObjectType.GUEST.value
                )
            )
            return {
                GuestKey(names[cid], int(key)): text
                for cid, key, text in rows
                if cid in names and key.isdigit()
            }

    # -- favourites -----------------------------------------------------------------------------

    def set_favourite(self, ref: ObjectRef, favourite: bool = True) -> None:
        """Mark or unmark ``ref`` as a favourite."""
        with self._db.write_connection() as conn:
            cid = self._cid(conn, ref.cluster)
            conn.execute(
                delete(FAVOURITES).where(
                    and_(
                        FAVOURITES.c.cluster_id == cid,
                        FAVOURITES.c.object_type == ref.object_type.value,
                        FAVOURITES.c.object_key == ref.object_key,
                    )
                )
            )
            if favourite:
                conn.execute(
                    FAVOURITES.insert().values(
                        cluster_id=cid,
                        object_type=ref.object_type.value,
                        object_key=ref.object_key,
                        created_at=time.time(),
                    )
                )

    def favourites(self) -> list[ObjectRef]:
        """Return every favourite, oldest first."""
        names = self._names()
        with self._db.read_connection() as conn:
            rows = conn.execute(select(FAVOURITES).order_by(FAVOURITES.c.created_at))
            return [
                ObjectRef(names[r.cluster_id], ObjectType(r.object_type), r.object_key)
                for r in rows
                if r.cluster_id in names
            ]

    # -- colour labels ------------------------------------------------------------------------

    def set_label(self, ref: ObjectRef, colour: str | None) -> None:
        """Give ``ref`` a colour label (``#RRGGBB``); None removes it."""
        if colour is not None and not _COLOUR.match(colour):
            raise InvalidUserDataError(f"colour {colour!r}")
        with self._db.write_connection() as conn:
            cid = self._cid(conn, ref.cluster)
            conn.execute(
                delete(LABELS).where(
                    and_(
                        LABELS.c.cluster_id == cid,
                        LABELS.c.object_type == ref.object_type.value,
                        LABELS.c.object_key == ref.object_key,
                    )
                )
            )
            if colour is not None:
                conn.execute(
                    LABELS.insert().values(
                        cluster_id=cid,
                        object_type=ref.object_type.value,
                        object_key=ref.object_key,
                        colour=colour.upper(),
                        updated_at=time.time(),
                    )
                )

    def labels(self) -> dict[ObjectRef, str]:
        """Return every colour label."""
        names = self._names()
        with self._db.read_connection() as conn:
            return {
                ObjectRef(names[r.cluster_id], ObjectType(r.object_type), r.object_key): r.colour
                for r in conn.execute(select(LABELS))
                if r.cluster_id in names
            }

    # -- saved searches -------------------------------------------------------------------------

    def save_search(self, name: str, query: str) -> None:
        """Save (or replace) the search called ``name``."""
        if not name.strip() or len(name) > 200:
            raise InvalidUserDataError(f"name {name!r}")
        now = time.time()
        with self._db.write_connection() as conn:
            updated = conn.execute(
                SEARCHES.update().where(SEARCHES.c.name == name).values(query=query, updated_at=now)
            ).rowcount
            if not updated:
                conn.execute(
                    SEARCHES.insert().values(name=name, query=query, created_at=now, updated_at=now)
                )

    def delete_search(self, name: str) -> bool:
        """Delete the saved search ``name``; return whether it existed."""
        with self._db.write_connection() as conn:
            return bool(conn.execute(delete(SEARCHES).where(SEARCHES.c.name == name)).rowcount)

    def saved_searches(self) -> list[SavedSearch]:
        """Return every saved search, ordered by name."""
        with self._db.read_connection() as conn:
            rows = conn.execute(select(SEARCHES.c.name, SEARCHES.c.query).order_by(SEARCHES.c.name))
            return [SavedSearch(name, query) for name, query in rows]
