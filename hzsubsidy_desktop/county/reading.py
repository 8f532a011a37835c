"""Reading the files of an import, in worker processes when there are many: what nothing in the database decides.

Each file becomes a :class:`FileRead`: the applications it holds (checked completely by
:func:`~hzsubsidy_desktop.interchange.intake.read_incoming`: archive, hashes, schema) with the rules'
status of each, or the one Chinese line saying why it was not imported. Reading never touches the
database, so it runs in worker processes (:class:`ProcessReader`) while the importing process stores
the files read before; :func:`read_files` picks the reader. Results come back in file order, a few
chunks ahead at most (never the whole folder in memory). A worker that dies (killed, out of memory)
costs the run nothing but that file: the files it held are read again one by one in a new pool, and the
one that kills a worker again gets a "未导入" line.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from hzsubsidy_desktop.interchange.incoming import Incoming
from hzsubsidy_desktop.interchange.safe_archive import SubmissionRejected
from hzsubsidy_desktop.store.document_rows import StoredRows, document_rows
from hzsubsidy_desktop.store.records import json_text

Reader = Callable[[Path], list[Incoming]]
Checked = tuple[str, int, int]  # the rules' status, blocking count, warning count

MEMORY = "文件内容过大，内存不足，未导入；其他文件照常导入。"
WORKER_DIED = "读取该文件的进程意外退出（可能是内存不足或文件异常），该文件未导入，数据库未改动；其他文件照常导入。"

FORK_THRESHOLD = 64  # files from which worker processes pay for themselves (fork: a few ms to start)
SPAWN_THRESHOLD = 400  # with spawn/forkserver every worker imports the program first (about 0.5 s)
CHUNK = 32  # files per task sent to a worker (fewer, larger messages: less work for the importing process)
AHEAD = 2  # tasks per worker in flight: bounds what is read ahead of the store (2 workers: 128 files)
MAX_BREAKS = 3  # workers dying more often than this: the rest is read in this process


def unexpected(exc: BaseException) -> str:
    """The line for a file whose handling failed unexpectedly (never a traceback)."""
    return f"处理该文件时出现意外错误（{type(exc).__name__}），该文件未导入，数据库未改动；其他文件照常导入。"


@dataclass(frozen=True)
class FileRead:
    """One file read: its applications and the rules' status of each, or why it is not imported."""

    path: Path
    items: tuple[Incoming, ...] = ()
    checked: tuple[Checked, ...] = ()  # one per item, of ``item.doc`` as read
    stored: tuple[StoredRows, ...] = ()  # one per item: ``item.doc`` as the database's tables hold it
    refused: str | None = None  # the Chinese line when the file is not imported
    news: Any = None  # a county package's PackageNews (interchange.county_removals)

    def __reduce__(self) -> tuple[Any, ...]:
        # To the importing process: each parsed document as one JSON text, parsed there only if used; from a
        # worker without the path, which the importing process has (ProcessReader._collect puts it back).
        items = tuple(_sent(item) for item in self.items)
        return _received_read, (self.path, items, self.checked, self.stored, self.refused, self.news)


class Received(Incoming):
    """An application as a reading worker sends it: its document crosses as JSON text (one string, far
    cheaper to pickle and unpickle than the document's hundreds of objects) and is parsed when first used.
    A new application is stored from its rows (:class:`StoredRows`): its document is then never parsed."""

    def __getattr__(self, name: str) -> Any:  # only for what the instance does not hold: ``doc`` not parsed yet
        state = self.__dict__
        if name != "doc":
            raise AttributeError(name)
        text = state.get("_doc_text")
        if text is not None:  # two threads asking at once both parse; the first document kept is the one
            state.setdefault("doc", json.loads(text))
            state.pop("_doc_text", None)
        if "doc" not in state:
            raise AttributeError(name)
        return state["doc"]

    def __eq__(self, other: object) -> bool:  # equal to the Incoming it was sent as
        if not isinstance(other, Incoming):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(Incoming))

    __hash__ = Incoming.__hash__


def _sent(item: Incoming) -> Any:
    """An item as pickled for the importing process: its state and document text when the document is plain
    JSON (read from a JSON file: dicts, lists, texts, numbers), else the item itself (a Word form's)."""
    if type(item) is not Incoming or item.origin != "import" or item.word is not None:
        return item
    state = dict(item.__dict__)
    try:
        return state, json_text(state.pop("doc")).encode()  # bytes: never decoded unless parsed
    except (TypeError, ValueError):  # not plain JSON after all: sent as it is
        return item


def _received_read(path: Path, items: tuple[Any, ...], *rest: Any) -> FileRead:
    return FileRead(path, tuple(_received(*item) if type(item) is tuple else item for item in items), *rest)


def _received(state: dict[str, Any], doc_text: bytes) -> Received:
    item = Received.__new__(Received)
    item.__dict__.update(state, _doc_text=doc_text)
    return item


def check(item: Incoming) -> Checked:
    """The rules' status of an application (cached in the list's columns)."""
    from hzsubsidy_desktop.validation import validate

    report = validate(item.definition, item.doc)
    return report.status(), len(report.blocking), len(report.warnings)


def read_file(path: Path, read: Reader | None = None) -> FileRead:
    """Read and check one file; never raises for anything in the file."""
    if read is None:
        from hzsubsidy_desktop.interchange.intake import read_incoming as read
    try:
        found = read(path)
        items = tuple(found)
        return FileRead(path, items, tuple(check(item) for item in items),
                        tuple(document_rows(item.doc) for item in items), news=getattr(found, "news", None))
    except SubmissionRejected as exc:
        return FileRead(path, refused=exc.message)
    except MemoryError:
        return FileRead(path, refused=MEMORY)
    except Exception as exc:  # noqa: BLE001 - one file must never stop the batch or show a traceback
        return FileRead(path, refused=unexpected(exc))


_frozen = 0  # nesting of kept_from_collection() (an import inside a GUI job that also computes the rows)
_frozen_lock = threading.Lock()


@contextlib.contextmanager
def kept_from_collection() -> Iterator[None]:
    """Leave what the program holds now out of the garbage collector's full passes for a while (an import):
    each pass walks every object (in the GUI, pauses of 50-120 ms at 10,000 files), and reading workers
    forked meanwhile share those pages instead of copying them. Nests (each entry also leaves out what
    was made since the outer one); the last one out gives them all back."""
    global _frozen
    with _frozen_lock:
        gc.freeze()
        _frozen += 1
    try:
        yield
    finally:
        with _frozen_lock:
            _frozen -= 1
            if _frozen == 0:
                gc.unfreeze()


def _watch_parent() -> None:
    """A worker's initializer: end this worker when the importing process is gone (killed), rather than
    wait for work forever holding its files and terminal open."""
    import multiprocessing

    from hzsubsidy_desktop.interchange import application_file

    gc.freeze()  # what a forked worker inherited is never collected here: no walking (and copying) of it
    application_file.COMPILE_AFTER = 0  # files by the dozen: the schema compiled at once, not after a few
    parent, ppid = multiprocessing.parent_process(), os.getppid()

    def watch() -> None:
        while (parent is None or parent.is_alive()) and os.getppid() == ppid:
            if parent is not None:
                parent.join(0.5)
            else:
                time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="hzsubsidy-parent-watch", daemon=True).start()


def _load_before_fork() -> None:
    """What every worker loads first and this process needs anyway (to unpickle the results): the current
    definition, loaded once here and inherited by forked workers instead of loaded by each."""
    from hzsubsidy_desktop.formdef import load_definition

    try:
        load_definition()
    except Exception:  # noqa: BLE001 - only a head start: the workers load what they need themselves
        pass


def _alive() -> bool:
    """A new pool's first task: answered once a worker runs at all."""
    return True


def read_chunk(paths: Sequence[Path]) -> list[FileRead]:
    """A worker's task: a few files read in order."""
    return [read_file(path) for path in paths]


class InProcessReader:
    """Reads file after file in this process, when asked (the reader for a few files)."""

    def __init__(self, files: Sequence[Path], read: Reader | None = None) -> None:
        self._files = iter(files)
        self._read = read

    def __iter__(self) -> Iterator[FileRead]:
        return self

    def __next__(self) -> FileRead:
        return read_file(next(self._files), self._read)

    def ready(self) -> bool:
        """Whether the next result is there without waiting (reading here: always)."""
        return True

    def close(self) -> None:
        pass


def start_method() -> str:
    """``fork`` on Linux in a process with one thread and no Qt (the command line: fast, nothing imported
    again); else ``forkserver`` (Linux with threads, e.g. the GUI's import thread) or ``spawn`` (Windows,
    macOS)."""
    if sys.platform.startswith("linux"):
        alone = threading.active_count() == 1 and threading.current_thread() is threading.main_thread()
        return "fork" if alone and "PySide6.QtCore" not in sys.modules else "forkserver"
    return "spawn"


def worker_count() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        cores = os.cpu_count() or 1
    return min(cores, 4)


class ProcessReader:
    """Reads in worker processes, results in file order, at most ``AHEAD`` tasks per worker ahead."""

    def __init__(self, files: Sequence[Path], *, method: str | None = None, workers: int | None = None) -> None:
        import multiprocessing

        self._context = multiprocessing.get_context(method or start_method())
        if self._context.get_start_method() == "forkserver":
            self._context.set_forkserver_preload([__name__, "hzsubsidy_desktop.interchange.intake"])
        self._workers = workers or worker_count()
        self._todo: deque[list[Path]] = deque(list(files[i:i + CHUNK]) for i in range(0, len(files), CHUNK))
        self._flight: deque[tuple[list[Path], Future[list[FileRead]], bool]] = deque()
        self._done: deque[FileRead] = deque()
        self._alone: deque[Path] = deque()  # read one at a time after a worker died
        self._breaks = 0
        self._probe: Future[bool] | None = None  # the pool's first task: done once a worker runs at all
        self._local = False  # workers unusable (they cannot start, or keep dying): the rest is read here
        self._pool: ProcessPoolExecutor | None = None

    def __iter__(self) -> Iterator[FileRead]:
        return self

    def _submit(self, chunk: list[Path], alone: bool) -> None:
        try:
            if self._pool is None:
                if self._context.get_start_method() == "fork":
                    _load_before_fork()
                self._pool = ProcessPoolExecutor(self._workers, mp_context=self._context,
                                                 initializer=_watch_parent)
                self._probe = self._pool.submit(_alive)
            self._flight.append((chunk, self._pool.submit(read_chunk, chunk), alone))
        except Exception:  # noqa: BLE001 - no worker can be started here (e.g. a bundle without support)
            self._local = True
            self._alone.extendleft(reversed(chunk))

    def _fill(self) -> None:
        if self._local:
            return  # read here (see __next__)
        if self._alone:  # after a death: one file at a time, so a file that kills a worker is known
            if not self._flight:
                self._submit([self._alone.popleft()], True)
            return
        while self._todo and len(self._flight) < self._workers * AHEAD:
            self._submit(self._todo.popleft(), False)

    def ready(self) -> bool:
        """Whether the next result is there without waiting."""
        if self._done:
            return True
        self._fill()
        return not self._flight or self._flight[0][1].done()

    def __next__(self) -> FileRead:
        while not self._done:
            self._fill()
            if self._flight:
                self._collect()
            elif self._alone or self._todo:  # workers unusable: the rest is read in this process
                path = self._alone.popleft() if self._alone else self._todo[0].pop(0)
                if self._todo and not self._todo[0]:
                    self._todo.popleft()
                self._done.append(read_file(path))
            else:
                raise StopIteration
        return self._done.popleft()

    def _collect(self) -> None:
        chunk, future, alone = self._flight.popleft()
        try:
            self._done.extend(future.result())
        except BrokenProcessPool:  # a worker died: read these files again, one at a time
            self._breaks += 1
            probe = self._probe
            ran = probe is not None and probe.done() and not probe.cancelled() and probe.exception() is None
            again = [p for c, _f, _a in self._flight for p in c]
            self._flight.clear()
            self._shutdown()
            if alone and ran:
                self._done.append(FileRead(chunk[0], refused=WORKER_DIED))
            else:  # no worker ever ran (they cannot start here): no file is to blame
                again[:0] = chunk
            self._local = self._local or not ran or self._breaks > MAX_BREAKS
            self._alone.extendleft(reversed(again))
        except MemoryError:
            self._done.extend(FileRead(path, refused=MEMORY) for path in chunk)
        except Exception as exc:  # noqa: BLE001 - e.g. a result that does not unpickle: those files only
            self._done.extend(FileRead(path, refused=unexpected(exc)) for path in chunk)

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        """Stop the workers (also when the import stopped early)."""
        self._todo.clear()
        self._alone.clear()
        for _chunk, future, _alone in self._flight:
            future.cancel()
        self._flight.clear()
        self._shutdown()


def read_files(
    files: Sequence[Path], read: Reader | None = None, *, processes: bool | None = None
) -> InProcessReader | ProcessReader:
    """The reader for ``files``: worker processes when there are enough files and more than one core
    (``processes`` forces the choice; a custom ``read`` is always used in this process)."""
    if processes is None:
        method = start_method()
        enough = len(files) >= (FORK_THRESHOLD if method == "fork" else SPAWN_THRESHOLD)
        processes = read is None and enough and worker_count() > 1
    if processes and read is None:
        return ProcessReader(files)
    return InProcessReader(files, read)
