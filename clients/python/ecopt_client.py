"""ecopt's trial protocol for Python trials (standard library only).

    from ecopt_client import phase, metric, report, attrs, params

    with phase("train"):
        train()
    with phase("inference", samples=len(test_set)):
        accuracy = evaluate()
    metric(accuracy=accuracy)
    attrs(params=113000, flops=2.1e7)
    for epoch in range(1, epochs + 1):         # with a pruner (docs/pruning.md)
        report(epoch, accuracy=train_one_epoch())
        if should_prune():
            break

Outside ecopt ($ECOPT_FD unset) every call does nothing, so the script runs on its own.
Non-finite numbers are not sent (the protocol rejects them).
"""
import contextlib
import json
import math
import os
import select
import time

_fd = int(os.environ["ECOPT_FD"]) if os.environ.get("ECOPT_FD") else None


def _open_prune_fd():
    """The back channel's fd ($ECOPT_PRUNE_FD), or None when it is absent, not a number or
    not open: then should_prune() is False and signals alone stop a pruned trial."""
    text = os.environ.get("ECOPT_PRUNE_FD", "")
    if not text.isdigit():
        return None
    try:
        os.fstat(int(text))
    except OSError:
        return None
    return int(text)


_prune_fd = _open_prune_fd()
_pruned = False
_continued_step = None  # the latest step the runner let go on
_partial = b""  # the start of a line not yet ended


def _verdict_wait_s():
    """How long report() may wait for its step's verdict ($ECOPT_VERDICT_WAIT_S, at most
    a minute); 0 when ecopt promises none (no pruner, an older ecopt, not a number)."""
    try:
        value = float(os.environ.get("ECOPT_VERDICT_WAIT_S", ""))
    except ValueError:
        return 0.0
    return min(value, 60.0) if value > 0 else 0.0  # NaN is not > 0


_verdict_wait = _verdict_wait_s()


def _take_line(line):
    """One line from the runner: {"prune": true}, or {"step": S, "verdict": "continue"};
    anything else is ignored."""
    global _pruned, _continued_step
    if b'"prune"' in line:
        _pruned = True
        return
    try:
        message = json.loads(line)
        step = int(message["step"]) if message.get("verdict") == "continue" else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return
    if step is not None and (_continued_step is None or step > _continued_step):
        _continued_step = step


def _read_back_channel(timeout_s):
    """Reads what the back channel holds, waiting up to timeout_s for something to come."""
    global _prune_fd, _partial
    if _pruned or _prune_fd is None:
        return
    try:
        ready, _, _ = select.select([_prune_fd], [], [], timeout_s)
        data = os.read(_prune_fd, 4096) if ready else b""
    except (OSError, ValueError):
        _prune_fd = None
        return
    if ready and not data:
        _prune_fd = None  # ecopt closed it: nothing more will come
    *lines, _partial = (_partial + data).split(b"\n")
    for line in lines:
        _take_line(line)
    if len(_partial) > 65536:
        _partial = b""  # not ecopt's


def _await_verdict(step):
    """Waits until the runner answered `step` (a continue for it or a later one, or a
    prune), the channel closed, or the promised wait passed."""
    deadline = time.monotonic() + _verdict_wait
    while not _pruned and _prune_fd is not None:
        if _continued_step is not None and _continued_step >= step:
            return
        left = deadline - time.monotonic()
        if left <= 0:
            return
        _read_back_channel(left)


def should_prune():
    """True once ecopt asked this trial to stop early (a pruner judged it unpromising):
    save what you need and exit soon, or SIGTERM stops it after the pruner's grace. Never
    blocks; False outside ecopt or without a back channel. Call it after report(), which
    waits (briefly) for the verdict on its step, so the answer is that step's."""
    _read_back_channel(0)
    return _pruned


def active():
    """True when the script runs under ecopt."""
    return _fd is not None


def params():
    """The trial's parameters, or {} outside ecopt: from the file $ECOPT_PARAMS_FILE names
    (always there under `ecopt tune`, whatever the number of parameters), else from
    $ECOPT_PARAMS (empty when the JSON is too long for one environment variable)."""
    path = os.environ.get("ECOPT_PARAMS_FILE")
    if path:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    return json.loads(os.environ.get("ECOPT_PARAMS") or "{}")


def _finite(values):
    return {str(k): float(v) for k, v in values.items() if isinstance(v, (int, float)) and math.isfinite(v)}


def _send(message):
    if _fd is None:
        return
    line = (json.dumps(message) + "\n").encode()
    try:
        os.write(_fd, line)  # one write per message: lines never interleave
    except OSError:
        pass  # ecopt went away: keep running


def metric(values=None, **named):
    """Report final metrics: metric(accuracy=0.91) or metric({"accuracy": 0.91})."""
    _send({"metric": _finite(dict(values or {}, **named))})


def report(step, values=None, **named):
    """Report intermediate values at a training step (for pruning). When ecopt promises a
    verdict for every report ($ECOPT_VERDICT_WAIT_S, set with a pruner), waits until the
    verdict on this step arrives, at most that long, so that should_prune() right after
    answers for this step."""
    _send({"report": {"step": int(step), "values": _finite(dict(values or {}, **named))}})
    if _fd is not None and _verdict_wait > 0:
        _await_verdict(int(step))


def attrs(values=None, **named):
    """Attributes of the trial, such as parameter and FLOP counts."""
    _send({"attrs": dict(values or {}, **named)})


@contextlib.contextmanager
def phase(name, samples=None):
    """Marks a phase with CLOCK_MONOTONIC timestamps. `samples`: items processed. The
    yielded dict may set "samples" when the count is known only at the end."""
    info = {"samples": samples}
    _send({"phase": name, "event": "begin", "t_ns": time.monotonic_ns()})
    try:
        yield info
    finally:
        end = {"phase": name, "event": "end", "t_ns": time.monotonic_ns()}
        if info.get("samples") is not None:
            end["samples"] = int(info["samples"])
        _send(end)
