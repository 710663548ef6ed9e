"""Run a function over items in killable worker processes.

Why not ``multiprocessing.Pool`` / ``ProcessPoolExecutor``: one input that
hangs, segfaults, calls ``os._exit`` or exhausts memory must cost only that
input.  A shared pool either waits forever on the hung task or breaks as a
whole when a worker dies.  Here each worker holds one item at a time, with its
own pipe; at most ``jobs`` are busy at once, and one that overruns its time
limit is killed on its own (and replaced).  Workers are forked from a parent
that has already imported the heavy modules, so starting one costs a few
milliseconds; the caller's ``reuse(item)`` says whether the worker that answered
for an item may take the next (cheap small inputs) or must exit (a PDF: a fresh
process per input hands every byte the input needed back to the OS when it ends,
so memory stays flat over a long batch).

No click and no printing here: callers get an :class:`Outcome` per item.
"""
from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import time
import traceback
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Optional

OK = "ok"              # fn returned; ``value`` holds its result
RAISED = "raised"      # fn raised; ``error`` is "Type: message", ``detail`` a traceback
CRASHED = "crashed"    # the child died without answering (signal, os._exit, OOM kill)
TIMEOUT = "timeout"    # the child overran the time limit and was killed

# how long a child that has answered gets to exit before it is killed
EXIT_GRACE_SECONDS = 5.0
PR_SET_PDEATHSIG = 1  # linux/prctl.h
# what the parent sends a worker to make it exit
_STOP = None
# a reused worker is retired after this many inputs all the same, so that whatever a long run
# might leak in one process (caches, fragments) stays bounded; a fork per 500 inputs is free
MAX_INPUTS_PER_WORKER = 500
# the signals that stop a batch; held back while a child is being started
STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


@dataclass
class Outcome:
    kind: str
    value: Any = None
    error: Optional[str] = None
    exception: Optional[str] = None   # class name of what fn raised, e.g. "EncryptedPDFError"
    detail: Optional[str] = None      # traceback text, for --debug
    seconds: float = 0.0


@dataclass
class _Slot:
    index: int
    item: Any
    proc: Any
    conn: Any
    started: float


def _mp_context():
    # fork shares the parent's already-imported modules; spawn is the portable fallback
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    return mp.get_context(method)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this child if the batch process dies (e.g. is SIGKILLed)."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except Exception:  # not Linux: an orphan then finishes its one input and exits
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _silence_stderr() -> None:
    """Library chatter (pdfminer's logging, warnings, a C library's messages, a fatal-error
    dump) must not reach the user: the parent reports each input in one line."""
    import faulthandler
    import logging
    import warnings
    faulthandler.disable()
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


@contextlib.contextmanager
def _stop_signals_held():
    """Ctrl-C or SIGTERM waits until a child is started and registered: arriving inside
    fork's at-fork hooks it would be swallowed ("Exception ignored in ... _releaseLock")
    and the batch would run on; arriving between start and registration it would leave
    the child unkilled."""
    if not hasattr(signal, "pthread_sigmask"):  # not POSIX: nothing to hold
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _worker_loop(fn: Callable[[Any], Any], conn, quiet: bool, parent: int) -> None:
    """A worker: answer one item per message until the parent sends None or goes away."""
    # Ctrl-C reaches the whole process group; the parent decides what stops
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # the mask held while the parent started us
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    _die_with_parent(parent)
    if quiet:
        _silence_stderr()
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            break
        if item is _STOP:
            break
        _answer(fn, item, conn)
    conn.close()


def _answer(fn: Callable[[Any], Any], item: Any, conn) -> None:
    try:
        msg: tuple[str, Any, Optional[str], Optional[str]] = (OK, fn(item), None, None)
    except MemoryError:
        msg = (RAISED, "out of memory", "MemoryError", None)
    except BaseException as e:  # anything at all: the parent reports it, the batch goes on
        msg = (RAISED, f"{type(e).__name__}: {e}", type(e).__name__, traceback.format_exc())
    try:
        conn.send(msg)
    except Exception as e:  # e.g. an unpicklable result
        conn.send((RAISED, f"cannot return result: {type(e).__name__}: {e}", type(e).__name__, None))


def describe_exit(exitcode: Optional[int]) -> str:
    if exitcode is None:
        return "worker vanished"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (out of memory?)" if -exitcode == signal.SIGKILL else ""
        return f"worker crashed: killed by {name}{hint}"
    return f"worker crashed: exited with status {exitcode}"


def default_jobs() -> int:
    """The CPUs this process may run on (a container or taskset may allow fewer than
    ``os.cpu_count()``), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run(items: Iterable[Any], fn: Callable[[Any], Any], *, jobs: Optional[int] = None,
        timeout: Optional[float] = None,
        on_start: Optional[Callable[[int, Any], None]] = None,
        on_done: Callable[[int, Any, Outcome], None],
        on_tick: Optional[Callable[[], None]] = None, tick: float = 0.5,
        quiet_children: bool = True,
        reuse: Optional[Callable[[Any], bool]] = None) -> None:
    """Call ``fn(item)`` in worker processes, ``jobs`` at a time; ``on_done`` in the parent
    for each as it finishes (completion order).  ``on_start`` runs in the parent just
    before an item is handed to a worker.  ``quiet_children`` sends the workers' stderr to
    /dev/null.  A worker that has answered for an item for which ``reuse(item)`` is true
    takes the next item; otherwise (and always without ``reuse``) it exits and the next item
    gets a fresh worker.  An exception in a callback, or KeyboardInterrupt, kills the
    workers still running and propagates."""
    workers = _Workers(fn, max(1, jobs or default_jobs()), quiet_children, reuse)
    pending = deque(enumerate(items))
    try:
        while pending or workers.busy():
            while pending and workers.can_take():
                index, item = pending.popleft()
                if on_start is not None:
                    on_start(index, item)
                workers.hand(index, item)
            workers.wait_some(timeout, tick, on_done)
            if on_tick is not None:
                on_tick()
    finally:
        workers.close()


class _Workers:
    """The live workers: idle ones wait for an item, busy ones hold one (a :class:`_Slot`)."""

    def __init__(self, fn: Callable[[Any], Any], jobs: int, quiet: bool,
                 reuse: Optional[Callable[[Any], bool]]):
        self.ctx = _mp_context()
        self.fn, self.jobs, self.quiet, self.reuse = fn, jobs, quiet, reuse
        self.idle: list[tuple[Any, Any]] = []        # (proc, conn)
        self.uses: dict[int, int] = {}               # pid -> inputs answered
        self.running: dict[Any, _Slot] = {}          # conn -> slot

    def busy(self) -> bool:
        return bool(self.running)

    def can_take(self) -> bool:
        return len(self.running) < self.jobs

    def _start(self) -> tuple[Any, Any]:
        with _stop_signals_held(), _children_allowed():
            mine, theirs = self.ctx.Pipe(duplex=True)
            proc = self.ctx.Process(target=_worker_loop, args=(self.fn, theirs, self.quiet, os.getpid()),
                                    daemon=True)
            proc.start()
            theirs.close()  # so the parent sees EOF when the worker dies
            # registered before the signals are let through: a Ctrl-C now kills it too
            self.running[mine] = _Slot(-1, None, proc, mine, time.monotonic())
        return proc, mine

    def _idle_worker(self) -> Optional[tuple[Any, Any]]:
        while self.idle:
            proc, conn = self.idle.pop()
            if proc.is_alive():
                return proc, conn
            _retire(proc, conn)  # died while idle: never blame the next input for it
        return None

    def hand(self, index: int, item: Any) -> None:
        proc, conn = self._idle_worker() or self._start()
        self.running[conn] = _Slot(index, item, proc, conn, time.monotonic())
        try:
            conn.send(item)
        except (OSError, EOFError):  # the worker died while idle: wait_some reports it crashed
            pass

    def wait_some(self, timeout: Optional[float], tick: float, on_done) -> None:
        now = time.monotonic()
        wait_for = tick
        if timeout is not None and self.running:
            first_deadline = min(s.started + timeout for s in self.running.values())
            wait_for = max(0.0, min(wait_for, first_deadline - now))
        handles = list(self.running) + [s.proc.sentinel for s in self.running.values()]
        ready = set(wait(handles, timeout=wait_for))
        for conn, slot in list(self.running.items()):
            if conn in ready or slot.proc.sentinel in ready:
                outcome = self._collect(slot)
            elif timeout is not None and time.monotonic() - slot.started > timeout:
                _kill(slot)
                outcome = Outcome(TIMEOUT, error=f"timed out after {timeout:g} s (worker killed)")
            else:
                continue
            outcome.seconds = time.monotonic() - slot.started
            del self.running[conn]
            on_done(slot.index, slot.item, outcome)

    def _collect(self, slot: _Slot) -> Outcome:
        msg = None
        try:
            if slot.conn.poll():
                msg = slot.conn.recv()
        except (EOFError, OSError):
            msg = None
        except Exception as e:  # a garbled message from a dying worker
            msg = (RAISED, f"unreadable worker result: {type(e).__name__}: {e}", type(e).__name__, None)
        if msg is None:
            slot.conn.close()
            slot.proc.join(EXIT_GRACE_SECONDS)
            _kill(slot)
            return Outcome(CRASHED, error=describe_exit(slot.proc.exitcode))
        uses = self.uses[slot.proc.pid] = self.uses.get(slot.proc.pid, 0) + 1
        if self.reuse is not None and self.reuse(slot.item) and uses < MAX_INPUTS_PER_WORKER:
            self.idle.append((slot.proc, slot.conn))
        else:
            self.uses.pop(slot.proc.pid, None)
            _retire(slot.proc, slot.conn)
        kind, payload, exc_name, detail = msg
        if kind == OK:
            return Outcome(OK, value=payload)
        return Outcome(RAISED, error=payload, exception=exc_name, detail=detail)

    def close(self) -> None:
        for slot in self.running.values():
            _kill(slot)
        self.running.clear()
        for proc, conn in self.idle:
            _retire(proc, conn)
        self.idle.clear()


def _retire(proc, conn) -> None:
    """Ask an idle worker to exit; kill it if it has not within the grace period."""
    try:
        conn.send(_STOP)
    except (OSError, EOFError):
        pass
    conn.close()
    proc.join(EXIT_GRACE_SECONDS)
    if proc.is_alive():
        proc.kill()
        proc.join()


@contextlib.contextmanager
def _children_allowed():
    """multiprocessing refuses to start a process from a daemonic one ("daemonic processes are
    not allowed to have children"), which is what a Dask worker is.  Our workers die with
    their parent anyway (PR_SET_PDEATHSIG, and killed in :meth:`_Workers.close`), which is
    what the rule protects against, so it is lifted while one is started."""
    config = getattr(mp.current_process(), "_config", None)
    daemonic = isinstance(config, dict) and config.get("daemon")
    if daemonic:
        config["daemon"] = False
    try:
        yield
    finally:
        if daemonic:
            config["daemon"] = True


def _kill(slot: _Slot) -> None:
    if slot.proc.is_alive():
        slot.proc.kill()
    slot.proc.join()
    try:
        slot.conn.close()
    except OSError:
        pass
