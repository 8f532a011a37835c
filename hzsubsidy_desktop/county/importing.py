"""Importing files into the county's database: each file its own unit, in batches.

Every file is checked completely (:mod:`.reading`: :mod:`hzsubsidy_desktop.interchange.intake` and the
rules, in worker processes when there are many) before it touches the database, and is then stored in
its own savepoint inside a batch transaction, so a rejected file never changes anything, and any failure
of one file (even an unexpected one) is that file's Chinese result while the batch goes on. Only a storage
failure (disk full, read-only or locked database) stops the import: :class:`ImportStopped`.
:func:`iter_import` yields each file's outcomes once its batch is committed. What each application does
to the database: :mod:`.storing`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from hzsubsidy_desktop.county import reading, removals
from hzsubsidy_desktop.county.outcomes import (  # noqa: F401 - re-exported: the import's public names
    ACTOR,
    COUNTY_ORIGINS,
    ORIGIN,
    STATUS_LABELS,
    STATUSES,
    WORD_ORIGIN,
    ImportOutcome,
    ImportStopped,
    ProgressCallback,
)
from hzsubsidy_desktop.county.reading import FileRead
from hzsubsidy_desktop.county.storing import accept_incoming, keep_both, store_one  # noqa: F401 - re-exported
from hzsubsidy_desktop.interchange.intake import collect_files, read_incoming
from hzsubsidy_desktop.store import Store, StoreError

BATCH_FILES = 200  # files per transaction at most (each in its own savepoint)
BATCH_SECONDS = 0.2  # and at most this long: outcomes reach the clerk at least this often
_READ_INCOMING = read_incoming  # replaced by tests to inject failures: then read in this process


def import_files(
    store: Store,
    paths: Iterable[str | Path],
    *,
    on_conflict: str = "keep",
    progress: ProgressCallback | None = None,
) -> list[ImportOutcome]:
    """Import files and folders; one outcome per application (a county package gives several).
    Raises :class:`ImportStopped` when the database cannot take more (see :func:`iter_import`)."""
    files = collect_files(paths)
    outcomes: list[ImportOutcome] = []
    for done, (path, found) in enumerate(iter_import(store, files, on_conflict=on_conflict), start=1):
        outcomes.extend(found)
        if progress is not None:
            progress(done, len(files), path)
    return outcomes


def iter_import(
    store: Store,
    files: Iterable[Path],
    *,
    on_conflict: str = "keep",
    cancelled: Callable[[], bool] | None = None,
    processes: bool | None = None,
) -> Iterator[tuple[Path, list[ImportOutcome]]]:
    """Import file after file, yielding each file's outcomes in file order once they are committed.

    Files are read and checked ahead (:mod:`~hzsubsidy_desktop.county.reading`: in worker processes when
    there are many, ``processes`` forces the choice) and stored in batches: one transaction for up to
    ``BATCH_FILES`` files or ``BATCH_SECONDS``, each file inside it in its own savepoint, so a file that
    fails is rolled back alone, exactly as if it had its own transaction. A file's outcomes are yielded
    only after its batch committed: a process killed mid-batch never reported as imported anything that
    is not in the database (the whole batch is gone, and importing the folder again imports it).
    A storage failure (disk full, read-only, locked) rolls the batch back and stores its files again one
    transaction each up to the failing one, then raises :class:`ImportStopped`, exactly as importing file
    by file would. ``cancelled`` is asked between files: the batch so far is committed and yielded, and
    the import stops."""
    if on_conflict not in ("keep", "replace"):
        raise ValueError(f"on_conflict must be 'keep' or 'replace', not {on_conflict!r}")
    files = list(files)
    with reading.kept_from_collection(), store.bulk():
        yield from _batches(store, files, on_conflict, cancelled, processes)


def _batches(
    store: Store, files: list[Path], on_conflict: str, cancelled: Callable[[], bool] | None, processes: bool | None
) -> Iterator[tuple[Path, list[ImportOutcome]]]:
    # read_incoming looked up here, at call time (tests replace it to inject failures).
    reader = reading.read_files(files, None if read_incoming is _READ_INCOMING else read_incoming,
                                processes=processes)
    try:
        pending = iter(reader)
        while True:
            batch: list[tuple[FileRead, list[ImportOutcome]]] = []
            stop = cancelled is not None and cancelled()
            failed: StoreError | None = None
            if not stop:
                storing = False
                try:
                    with store.transaction():
                        started = time.monotonic()
                        for read in pending:
                            storing = True
                            batch.append((read, _store_read(store, read, on_conflict)))
                            storing = False
                            if len(batch) >= BATCH_FILES or time.monotonic() - started >= BATCH_SECONDS:
                                break
                            if not reader.ready() or (cancelled is not None and cancelled()):
                                break  # commit what is done rather than hold the batch open while waiting
                except StoreError as exc:
                    failed = exc
            if failed is None:
                for read, found in batch:
                    yield read.path, found
            else:
                culprit = read if storing else None
                if not batch and culprit is None:  # the batch could not start: the next file alone decides
                    culprit = next(pending, None)
                    if culprit is None:
                        return
                    batch, culprit = [(culprit, [])], None
                yield from _one_by_one(store, batch, failed, culprit=culprit, on_conflict=on_conflict)
            if stop or not batch or (cancelled is not None and cancelled()):
                return
    finally:
        reader.close()


def _one_by_one(
    store: Store,
    batch: list[tuple[FileRead, list[ImportOutcome]]],
    failed: StoreError,
    *,
    culprit: FileRead | None,
    on_conflict: str,
) -> Iterator[tuple[Path, list[ImportOutcome]]]:
    """A batch rolled back by a storage failure, stored again one transaction per file, as importing file
    by file would have: the file whose storing failed (``culprit``) stops the import. When the failure
    was the batch's own (its start or commit), every file is tried alone and the import goes on."""
    for read, _found in batch:
        try:
            found = _store_read(store, read, on_conflict)
        except ImportStopped:
            raise
        except StoreError as exc:
            raise ImportStopped(str(exc)) from exc
        yield read.path, found
    if culprit is not None:
        raise ImportStopped(str(failed)) from failed


def import_file(store: Store, path: Path, *, on_conflict: str = "keep") -> list[ImportOutcome]:
    """Import one file in one transaction; a rejected file leaves the database as it was.

    Never raises for anything in the file; raises :class:`ImportStopped` when storage fails."""
    try:
        return _store_read(store, reading.read_file(path, read_incoming), on_conflict)
    except ImportStopped:
        raise
    except StoreError as exc:
        raise ImportStopped(str(exc)) from exc


def _store_read(store: Store, read: FileRead, on_conflict: str) -> list[ImportOutcome]:
    """Store one file read in its own transaction (a savepoint inside a batch); raises :class:`StoreError`
    when storage fails, and for anything else gives the file's Chinese result with nothing stored."""
    if read.refused is not None:
        return [ImportOutcome(read.path, "rejected", read.refused)]
    try:
        with store.transaction():
            return removals.around(store, read.path, read.items, read.news, lambda: [
                store_one(store, read.path, item, on_conflict, checked, stored)
                for item, checked, stored in zip(read.items, read.checked, read.stored, strict=True)
            ], ImportOutcome)
    except StoreError:
        raise
    except MemoryError:
        return [ImportOutcome(read.path, "rejected", reading.MEMORY)]
    except Exception as exc:  # noqa: BLE001 - one file must never stop the batch or show a traceback
        return [ImportOutcome(read.path, "rejected", reading.unexpected(exc))]
