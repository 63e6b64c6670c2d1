"""`optimize`: FSRS parameters fitted to the learner's own log."""

from __future__ import annotations

from .. import messages as msg
from .base import JsonOpt, config_of, opened, streams


def optimize(as_json: JsonOpt = False) -> None:
    """Fit FSRS parameters to your own answers (fsrs-rs-python) and keep them only when they fit better;
    prints the fit (log loss, RMSE) before and after.

    Example: genai-cards optimize --json
    """
    from ..optimizer import optimize as fit

    with opened() as store:
        result = fit(store, config_of(store))
    out = streams()
    if as_json:
        out.json(result.as_dict())
        return
    out.echo(msg.optimize_fit(msg.OPTIMIZE_BEFORE, result.before["log_loss"], result.before["rmse"]))
    out.echo(msg.optimize_fit(msg.OPTIMIZE_AFTER, result.after["log_loss"], result.after["rmse"]))
    out.echo(msg.optimize_kept(result.items) if result.kept else msg.optimize_not_kept(result.items))
    for w in result.warnings:
        out.echo(w)
