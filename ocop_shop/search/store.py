"""Where the index lives: generations, the pointer to the current one, and the locks.

    SEARCH_INDEX_DIR/
      CURRENT                 name of the generation searchers read (replaced atomically)
      gen-<time>-<pid>/       one complete Whoosh index per generation
      rebuild.lock            held shared while the outbox is applied, exclusively by a reindex
      apply.lock              one applier at a time: read rows, write, commit, delete rows

Appliers take `rebuild.lock` shared without waiting: while a reindex holds it
exclusively they leave their outbox rows for the reindex to replay after its swap.
Then `apply.lock` (about 2 s timeout) covers a whole batch, from reading the rows to
deleting them: Whoosh's own write lock ends at the index commit, which would let a
second applier read rows the first is about to delete. Locks are fcntl locks,
released by the kernel when a process dies.
"""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from whoosh import index as whoosh_index
from whoosh.index import LockError

from .schema import build_schema

POINTER = "CURRENT"
LOCK_FILE = "rebuild.lock"
APPLY_LOCK_FILE = "apply.lock"
GEN_PREFIX = "gen-"


class RebuildInProgress(Exception):
    """A reindex holds the index; outbox rows stay for it to replay."""


class IndexStore:
    """The index folder of one site (SEARCH_INDEX_DIR)."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    # --- generations -------------------------------------------------------------

    def current_name(self) -> str | None:
        """The generation searchers read now, or None before the first index exists."""
        try:
            name = (self.root / POINTER).read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        return name if name.startswith(GEN_PREFIX) and (self.root / name).is_dir() else None

    def open(self, name: str):
        return whoosh_index.open_dir(str(self.root / name))

    def new_generation(self):
        """A new, empty index folder (not yet current)."""
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"{GEN_PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
        path = self.root / name
        path.mkdir()
        return name, whoosh_index.create_in(str(path), build_schema())

    def swap(self, name: str) -> None:
        """Point searchers at another generation in one atomic rename."""
        tmp = self.root / f"{POINTER}.{os.getpid()}.tmp"
        tmp.write_text(name + "\n", encoding="ascii")
        os.replace(tmp, self.root / POINTER)

    def ensure(self) -> str | None:
        """The current generation, creating an empty one on first use (None while a rebuild runs)."""
        name = self.current_name()
        if name is not None:
            return name
        try:
            with self.rebuilding(wait=2.0):
                name = self.current_name()
                if name is None:
                    name, _ = self.new_generation()
                    self.swap(name)
                return name
        except RebuildInProgress:
            return None

    def cleanup(self, keep: int = 2) -> None:
        """Remove old generations, keeping the current one and the one before it.

        Searchers of other processes may still read the previous generation for a moment.
        """
        current = self.current_name()
        gens = sorted((p for p in self.root.glob(f"{GEN_PREFIX}*") if p.is_dir()),
                      key=lambda p: p.stat().st_mtime, reverse=True)
        kept = 0
        for path in gens:
            if path.name == current:
                continue
            if kept < keep - 1:
                kept += 1
                continue
            shutil.rmtree(path, ignore_errors=True)

    # --- locks -------------------------------------------------------------------

    def _lock_fd(self, name: str = LOCK_FILE) -> int:
        self.root.mkdir(parents=True, exist_ok=True)
        return os.open(self.root / name, os.O_CREAT | os.O_RDWR, 0o644)

    @contextmanager
    def writing(self, timeout: float) -> Iterator[None]:
        """Be the only applier for a batch; LockError after `timeout` seconds of waiting."""
        fd = self._lock_fd(APPLY_LOCK_FILE)
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise LockError("the search index is busy") from None
                    time.sleep(0.01)
            yield
        finally:
            os.close(fd)

    @contextmanager
    def applying(self) -> Iterator[None]:
        """Share the index with other appliers; RebuildInProgress while a reindex runs."""
        fd = self._lock_fd()
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError as error:
                if error.errno in (errno.EAGAIN, errno.EACCES):
                    raise RebuildInProgress() from None
                raise
            yield
        finally:
            os.close(fd)  # closing releases the lock

    @contextmanager
    def rebuilding(self, wait: float = 60.0) -> Iterator[None]:
        """Hold the index alone (appliers finish first; new ones step aside)."""
        fd = self._lock_fd()
        deadline = time.monotonic() + wait
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise RebuildInProgress() from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)
