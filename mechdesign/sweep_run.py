"""Running a sweep's tasks: in this process, in local processes, or on a Dask cluster.

A task is a chunk of consecutive points (:func:`mechdesign.sweep_rows.chunk_rows`), so a
worker does many small solves per round trip. Every executor returns the chunks' rows in
the chunks' order, so the table does not depend on where it was computed. Local
processes start from a ``forkserver`` that has imported mechdesign (fast to start, safe
with threads); their builder must be importable, i.e. defined in a module or in a script
that guards its sweep with ``if __name__ == "__main__":``. Dask ships tasks with
cloudpickle, so any callable works there.

The progress bar (rich) shows points done, the rate and the time remaining on standard
error, and only when standard error is a terminal: CI logs and captured output stay quiet.
"""

from __future__ import annotations

import math
import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task,
                           TextColumn, TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text

__all__ = ["chunked", "default_chunk_size", "progress_bar", "run_serial", "run_processes",
           "run_dask"]

#: Chunks a sweep is cut into when the chunk size is chosen automatically: enough to
#: balance uneven solve times over a few workers, few enough that a round trip carries many
#: solves. It does not depend on the executor, so that warm starts (which run along a
#: chunk) and hence results are the same serially, in processes and on Dask.
CHUNKS = 8


def default_chunk_size(points: int) -> int:
    """⌈points / CHUNKS⌉, at least 1."""
    return max(1, math.ceil(points / CHUNKS))


def chunked(items: Sequence, size: int) -> list[list]:
    """Consecutive chunks of ``size`` items (the last one shorter)."""
    return [list(items[k:k + size]) for k in range(0, len(items), size)]


class _RateColumn(ProgressColumn):
    """Points per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.3g} pts/s", style="progress.data.speed")


@contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator[Callable[[int], None]]:
    """``advance(k)``: k more points done; a no-op unless ``enabled`` and stderr is a tty."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda k: None
        return
    columns = (TextColumn("sweep"), BarColumn(), MofNCompleteColumn(), TextColumn("points"),
               _RateColumn(), TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("sweep", total=total)
        yield lambda k: bar.advance(task, k)


def run_serial(task: Callable, chunks: list[list], advance: Callable[[int], None]) -> list:
    """Each chunk in this process, in order."""
    out = []
    for chunk in chunks:
        out.append(task(chunk))
        advance(len(chunk))
    return out


def run_processes(task: Callable, chunks: list[list], n_jobs: int,
                  advance: Callable[[int], None]) -> list:
    """The chunks on ``n_jobs`` local worker processes."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["mechdesign.sweep_rows"])
    out = [None] * len(chunks)
    with ProcessPoolExecutor(max_workers=n_jobs, mp_context=context) as pool:
        futures = {pool.submit(task, chunk): k for k, chunk in enumerate(chunks)}
        for future in as_completed(futures):
            k = futures[future]
            out[k] = future.result()
            advance(len(chunks[k]))
    return out


def _client(client):
    """(client, owned): a ``distributed.Client`` as given, or one connected to an address."""
    try:
        import distributed
    except ImportError as err:  # the optional extra is missing
        raise ImportError("The 'client' parameter of sweep needs dask.distributed: "
                          "pip install 'mechdesign[dask]'.") from err
    if isinstance(client, str):
        return distributed.Client(client), True
    if not isinstance(client, distributed.Client):
        raise TypeError("The 'client' parameter of sweep must be a dask.distributed.Client or a "
                        f"scheduler address string. Got {type(client).__name__} instead.")
    return client, False


def run_dask(task: Callable, chunks: list[list], client, advance: Callable[[int], None]) -> list:
    """The chunks as Dask tasks on ``client`` (a Client or a scheduler address)."""
    from distributed import as_completed as dask_completed

    client, owned = _client(client)
    try:
        futures = client.map(task, chunks, pure=False)
        index = {future.key: k for k, future in enumerate(futures)}
        for future in dask_completed(futures):
            advance(len(chunks[index[future.key]]))
        return client.gather(futures)
    finally:
        if owned:
            client.close()
