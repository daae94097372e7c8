"""Command line: ``mechdesign solve`` and ``mechdesign check``.

``solve`` reads a problem file (see :mod:`mechdesign.problem`), designs the optimal
mechanism for one or several objectives and prints them side by side (or JSON);
``check`` compares every implemented closed form with its numeric route and exits
non-zero when one misses its tolerance.

Exit codes
----------
0  every design is optimal (``check``: every case passes);
1  solved, but some design is not optimal — its status says why (``check``: a case
   missed its tolerance);
2  bad input: a problem file that is not valid TOML, breaks the schema of
   :mod:`mechdesign.problem` or describes an inadmissible game, an unknown objective or
   method, a missing file;
3  internal error: a bug in mechdesign.

Errors are printed as one line on standard error, without a Python traceback; ``--debug``
adds the traceback.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mechdesign._dense import DENSE_MAX_N
from mechdesign.design import design
from mechdesign.problem import load_problem
from mechdesign.result_summary import format_number
from mechdesign.structured import SymmetricMechanism

__all__ = ["app", "ExitCode", "summary"]


class ExitCode(IntEnum):
    """Exit codes of the command line (see the module docstring)."""

    OPTIMAL = 0
    NOT_OPTIMAL = 1
    BAD_INPUT = 2
    INTERNAL_ERROR = 3


_EXIT_HELP = ("Exit codes: 0 optimal; 1 solved but not optimal (see the status); "
              "2 bad input (malformed problem file, inadmissible parameters, unknown option "
              "value); 3 internal error. Errors print without a traceback unless --debug.")

app = typer.Typer(add_completion=False, no_args_is_help=True, epilog=_EXIT_HELP,
                  help="Design optimal information mechanisms as convex programs.")
console = Console() if sys.stdout.isatty() else Console(width=160)
errors = Console(stderr=True, highlight=False, soft_wrap=True)

Debug = Annotated[bool, typer.Option("--debug", help="show the Python traceback of an error")]


@contextmanager
def _exit_codes(debug: bool, reading_input: bool = True) -> Iterator[None]:
    """Turn exceptions into exit codes: a ValueError while reading the input and designing
    (the validation's refusals) is bad input, 2; anything else, or any error while
    printing the results, is internal, 3."""
    try:
        yield
    except typer.Exit:
        raise
    except np.linalg.LinAlgError as err:  # a ValueError subclass, but never the user's fault
        _report(err, debug, "internal error", ExitCode.INTERNAL_ERROR)
    except ValueError as err:
        if not reading_input:
            _report(err, debug, "internal error", ExitCode.INTERNAL_ERROR)
        _report(err, debug, "error", ExitCode.BAD_INPUT)
    except Exception as err:  # noqa: BLE001 - the last line of defence of a command line
        _report(err, debug, "internal error", ExitCode.INTERNAL_ERROR)


def _report(err: Exception, debug: bool, label: str, code: ExitCode) -> None:
    if debug:
        errors.print("".join(traceback.format_exception(err)), markup=False)
    text = str(err) if code == ExitCode.BAD_INPUT else f"{type(err).__name__}: {err}"
    errors.print(f"[red]{label}:[/red] {escape(text)}")
    if code == ExitCode.INTERNAL_ERROR:
        errors.print("This is a bug in mechdesign; rerun with --debug for the traceback and "
                     "report it.", markup=False)
    raise typer.Exit(code) from err


def _safe(fn) -> float | None:
    try:
        return float(fn())
    except ValueError:
        return None


def _finite(x: float) -> float | None:
    """x, or None (JSON null) where it is nan or infinite."""
    return float(x) if np.isfinite(x) else None


def summary(res, game) -> dict:
    """Plain-data summary of a DesignResult (what --json prints)."""
    out = {"objective": res.objective, "status": res.status, "message": res.message,
           "method": res.method, "value": res.value, "bound": _finite(res.bound),
           "gap": _finite(res.gap), "solve_time": res.solve_time}
    m = res.mechanism
    if m is None:
        return out
    if isinstance(m, SymmetricMechanism):
        out["symmetric"] = _symmetric_summary(m)
        if game.n > DENSE_MAX_N:  # the per-player lists and dense matrices are left out
            out["residuals"] = dict(res.residuals)
            return out
    w = m.weights
    n = game.n
    out.update({
        "welfare": m.welfare(), "revenue": _safe(m.revenue),
        "consumer_surplus": _safe(m.consumer_surplus) if game.market else None,
        "mean_actions": m.mean_actions.tolist(),
        "weight_state": w.state.tolist(), "weight_own_type": w.own_type.tolist(),
        "weight_rival_types": w.rival_types.tolist(),
        "noise_cov": m.noise_cov.tolist(),
        "ex_ante_rent": _safe(lambda: np.sum(m.ex_ante_rent)),
        "off_path_action": (m.off_path_action.tolist() if game.prior.independent_types and n > 1 else None),
        "residuals": dict(res.residuals), "mean": m.mean.tolist(), "cov": m.cov.tolist(),
    })
    return out


def _symmetric_summary(m: SymmetricMechanism) -> dict:
    """The scalars of a symmetric mechanism: moments, values, weights, noise, rent, threat."""
    w = m.weights
    return {"n": m.n, "moments": vars(m.moments).copy(), "welfare": m.welfare(),
            "revenue": _safe(m.revenue),
            "consumer_surplus": _safe(m.consumer_surplus) if m.game.market else None,
            "mean_action": m.moments.mu, "weight_state": float(w.state[0]),
            "weight_own_type": w.own, "weight_rival_type": w.rival,
            "noise_var": m.noise_var, "noise_rival_cov": m.noise_rival_cov,
            "ex_ante_rent_per_player": float(m.ex_ante_rent[0]),
            "off_path_action": float(m.off_path_action[0])}


def _fmt(x) -> str:
    return format_number(x, missing="—")


def _avg_offdiag(a: np.ndarray) -> float:
    n = a.shape[0]
    return float((a.sum() - np.trace(a)) / (n * (n - 1))) if n > 1 else float("nan")


def _rows(res, game) -> list[tuple[str, str]]:
    m = res.mechanism
    rows = [("status", res.status), ("objective value", _fmt(res.value)),
            ("certified bound", _fmt(res.bound)), ("certified relative gap", f"{res.gap:.1e}")]
    if m is None:
        return rows + [("message", res.message)]
    w = m.weights
    if isinstance(m, SymmetricMechanism):
        noise_var, action_var, rival, noise_corr = (m.noise_var, m.moments.v, w.rival,
                                                    lambda: m.noise_rival_corr)
    else:
        noise_var = float(np.mean(np.diag(m.noise_cov)))
        action_var = float(np.mean(np.diag(m.cov)[game.actions]))
        rival, noise_corr = _avg_offdiag(w.types), lambda: _avg_offdiag(m.noise_corr)
    deterministic = noise_var <= 1e-8 * action_var
    corr = None if deterministic else noise_corr()
    rows += [("welfare", _fmt(m.welfare())), ("revenue", _fmt(_safe(m.revenue)))]
    if game.market:
        rows.append(("consumer surplus", _fmt(m.consumer_surplus())))
    rows += [
        ("mean action (avg)", _fmt(float(np.mean(m.mean_actions)))),
        ("weight on state (avg)", _fmt(float(np.mean(w.state)))),
        ("weight on own type (avg)", _fmt(float(np.mean(w.own_type)))),
        ("weight on each rival's type (avg)", _fmt(rival)),
        ("noise variance (avg)", "0 (deterministic)" if deterministic else _fmt(noise_var)),
        ("noise correlation (avg)", _fmt(corr)),
        ("ex-ante rent (total)", _fmt(_safe(lambda: np.sum(m.ex_ante_rent)))),
        ("off-path action (avg)", _fmt(_safe(lambda: np.nanmean(m.off_path_action)) if game.n > 1 else None)),
        ("solve time (s)", f"{res.solve_time:.4f}"),
    ]
    return rows


def _table(results, game, title: str) -> Table:
    table = Table(title=escape(title), show_lines=False)
    table.add_column("")
    for res in results:
        table.add_column(escape(res.objective), justify="right")
    columns = [_rows(r, game) for r in results]
    labels = max(columns, key=len)
    for label, _ in labels:
        cells = [escape(dict(col).get(label, "")) for col in columns]
        table.add_row(escape(label), *cells)
    return table


@app.command(epilog=_EXIT_HELP)
def solve(
    problem: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="problems/<file>.toml")],
    objective: Annotated[list[str] | None, typer.Option("--objective", "-o",
                         help="welfare | revenue | consumer_surplus; repeat to compare")] = None,
    method: Annotated[str | None, typer.Option(help="auto | sdp | dual | symmetric | analytic")] = None,
    delegation: Annotated[bool, typer.Option(help="no obedience: players hand over actions")] = False,
    no_ic: Annotated[bool, typer.Option("--no-ic", help="drop incentive compatibility")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    debug: Debug = False,
) -> None:
    """Design the optimal mechanism(s) for a problem file and explain them.

    Exits 0 when every design is optimal, 1 when one is not, 2 on bad input, 3 on an
    internal error.
    """
    with _exit_codes(debug):
        game, options = load_problem(problem)
        objectives = objective or [options.get("objective", "welfare")]
        kwargs = dict(obedience=options.get("obedience", True) and not delegation,
                      ic=options.get("ic", True) and not no_ic,
                      method=method or options.get("method", "auto"))
        results = [design(game, o, **kwargs) for o in objectives]
    with _exit_codes(debug, reading_input=False):
        if as_json:
            typer.echo(json.dumps([summary(r, game) for r in results], indent=2))
        else:
            console.print(str(game), markup=False, highlight=False)
            console.print(_table(results, game, f"Optimal mechanisms — {problem.name}"))
            if not game.is_symmetric:
                for res in results:
                    if res.mechanism is not None:
                        console.print(f"[bold]{escape(res.objective)}[/bold], per player:")
                        console.print(str(res.mechanism), markup=False, highlight=False)
    if any(r.status != "optimal" for r in results):
        raise typer.Exit(ExitCode.NOT_OPTIMAL)


@app.command(epilog=_EXIT_HELP)
def check(
    only: Annotated[str | None, typer.Option(help="run only ids starting with this prefix")] = None,
    debug: Debug = False,
) -> None:
    """Closed forms vs convex programs for every implemented benchmark case.

    Exits 0 when every case passes, 1 when one misses its tolerance, 3 on an internal error.
    """
    from mechdesign.checks import all_cases
    start = time.perf_counter()
    with _exit_codes(debug, reading_input=False):
        cases = all_cases(only)
        table = Table(title="Closed forms vs numeric optima")
        for col in ("id", "reference", "closed form", "numeric", "rel. error", "tol", "time (s)", ""):
            table.add_column(col, justify="right" if col not in ("id", "reference") else "left")
        for c in cases:
            table.add_row(escape(c.id), escape(c.reference), f"{c.closed_form:.10g}",
                          f"{c.numeric:.10g}", f"{c.rel_error:.1e}", f"{c.rtol:.0e}",
                          f"{c.seconds:.3f}", "[green]ok[/green]" if c.passed else "[red]FAIL[/red]")
        console.print(table)
        failed = [c.id for c in cases if not c.passed]
        console.print(f"{len(cases) - len(failed)} passed, {len(failed)} failed "
                      f"({time.perf_counter() - start:.1f} s)", markup=False)
    if failed:
        raise typer.Exit(ExitCode.NOT_OPTIMAL)


# ---------------------------------------------------------------- sweep
def _sweep_fail(code: ExitCode, message: str) -> typer.Exit:
    errors.print(f"error: {message}", markup=False)
    return typer.Exit(code)


@app.command("sweep", epilog=_EXIT_HELP)
def sweep_command(
    problem: Annotated[Path, typer.Argument(help="problems/<file>.toml")],
    grid: Annotated[list[str], typer.Option(
        "--grid", "-g", help="name=start:stop:num, name=v1,v2,... or name=value; repeat for a product")],
    out: Annotated[Path, typer.Option("--out", help="table of results: .parquet or .csv")],
    objective: Annotated[list[str] | None, typer.Option(
        "--objective", "-o", help="welfare | revenue | consumer_surplus; repeat for several")] = None,
    plot_path: Annotated[Path | None, typer.Option("--plot", help="comparative-statics figure (.png)")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="local worker processes")] = 1,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://host:port)")] = None,
    method: Annotated[str | None, typer.Option(help="auto | sdp | dual | symmetric | analytic")] = None,
    delegation: Annotated[bool, typer.Option(help="no obedience: players hand over actions")] = False,
    no_ic: Annotated[bool, typer.Option("--no-ic", help="drop incentive compatibility")] = False,
    progress: Annotated[bool, typer.Option(help="progress bar (shown only on a terminal)")] = True,
) -> None:
    """Design the optimal mechanisms over a parameter grid and write them as a table.

    Exit codes: 0 every design optimal, 1 some not optimal (refused points included),
    2 bad input (file, grid, options, or every point refused), 3 internal error.
    """
    from mechdesign.sweep_table import FRAME_SUFFIXES, save_frame
    from mechdesign.sweeps import ProblemBuilder, sweep
    from mechdesign.sweep_grid import parse_axis
    from mechdesign.sweep_rows import ERROR, REFUSED

    start = time.perf_counter()
    try:
        if jobs > 1 and scheduler:
            raise ValueError(f"--jobs and --scheduler are exclusive. Got --jobs {jobs} and "
                             f"--scheduler {scheduler!r}.")
        if out.suffix.lower() not in FRAME_SUFFIXES:
            raise ValueError(f"--out must end in one of {FRAME_SUFFIXES}. Got {str(out)!r} instead.")
        if plot_path is not None and plot_path.suffix.lower() not in (".png", ".pdf", ".svg"):
            raise ValueError(f"--plot must end in .png, .pdf or .svg. Got {str(plot_path)!r} instead.")
        if not problem.is_file():
            raise ValueError(f"The problem file {str(problem)!r} does not exist.")
        builder = ProblemBuilder(problem)
        axes = dict(parse_axis(spec) for spec in grid)
        options = builder.design_options
        objectives = objective or [options.get("objective", "welfare")]
        frame = sweep(builder, axes, objectives, method=method or options.get("method", "auto"),
                      obedience=options.get("obedience", True) and not delegation,
                      ic=options.get("ic", True) and not no_ic, n_jobs=jobs, client=scheduler,
                      progress=progress)
    except (ValueError, TypeError, OSError) as err:
        raise _sweep_fail(ExitCode.BAD_INPUT, str(err)) from err
    except Exception as err:  # the command's contract: exit 3, never a traceback
        raise _sweep_fail(ExitCode.INTERNAL_ERROR, f"{type(err).__name__}: {err}") from err
    if (frame["status"] == REFUSED).all():
        raise _sweep_fail(ExitCode.BAD_INPUT, f"every point was refused; first reason: {frame['message'].iloc[0]}")
    try:
        save_frame(frame, out)
        if plot_path is not None:
            from mechdesign.plot_statics import comparative_statics
            quantities = ["value", "rent", "weight_state", "noise_var"]
            hue = list(axes)[1] if len(axes) > 1 else None
            comparative_statics(frame, list(axes)[0], quantities, hue=hue).savefig(plot_path, dpi=120)
    except OSError as err:
        raise _sweep_fail(ExitCode.BAD_INPUT, str(err)) from err
    optimal = int((frame["status"] == "optimal").sum())
    refused = int((frame["status"] == REFUSED).sum())
    points = len(frame) // len(objectives)
    typer.echo(f"{points} points x {len(objectives)} objectives: {optimal} optimal, "
               f"{len(frame) - optimal} not optimal ({refused} refused) in "
               f"{time.perf_counter() - start:.1f} s -> {out}")
    if (frame["status"] == ERROR).any():
        raise typer.Exit(ExitCode.INTERNAL_ERROR)
    if optimal < len(frame):
        raise typer.Exit(ExitCode.NOT_OPTIMAL)
