"""ecopt.Monitor: windows around a busy loop, the context manager, two threads measuring
at once, and its errors."""
import threading
import time

import pytest

import ecopt


def busy(seconds):
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
    return n


@pytest.fixture(scope="module")
def monitor():
    return ecopt.Monitor()


def test_window_around_a_busy_loop(monitor):
    monitor.begin_window("busy")
    assert monitor.open_windows == ["busy"]
    busy(0.3)
    m = monitor.end_window("busy", samples=10)
    assert monitor.open_windows == []
    assert m.name == "busy" and m.samples == 10
    assert m.duration_s >= 0.3
    assert m.total_energy_j > 0 and m.energy_j and sum(m.energy_j.values()) == pytest.approx(
        m.total_energy_j, rel=1e-9)
    assert m.estimated == monitor.estimated  # measured or estimated, and said so
    assert m.uncertainty_j >= 0 and (m.uncertainty_j > 0 or not m.estimated)
    assert m.meter == monitor.meter and m.scope == "system"
    assert "busy" in repr(m) and ("ESTIMATED" in repr(m) or "MEASURED" in repr(m))
    assert any(b["chosen"] for b in monitor.backends)


def test_context_manager_measures_also_when_the_block_raises(monitor):
    with monitor.window("ctx", samples=5) as w:
        busy(0.05)
    assert w.measurement.name == "ctx" and w.measurement.samples == 5
    with pytest.raises(ZeroDivisionError):
        with monitor.window("raises") as w2:
            1 / 0
    assert w2.measurement is not None and monitor.open_windows == []


def test_two_threads_measure_at_once(monitor):
    results, errors = {}, []

    def work(name, seconds):
        try:
            monitor.begin_window(name)
            busy(seconds)
            results[name] = monitor.end_window(name)
        except Exception as e:  # reported below, not lost in the thread
            errors.append(e)

    threads = [threading.Thread(target=work, args=("t%d" % i, 0.2)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and sorted(results) == ["t0", "t1"]
    assert all(m.duration_s >= 0.2 and m.total_energy_j > 0 for m in results.values())


def test_errors(monitor):
    with pytest.raises(ValueError, match="no window"):
        monitor.end_window("never")
    monitor.begin_window("twice")
    with pytest.raises(ValueError, match="open already"):
        monitor.begin_window("twice")
    monitor.end_window("twice")
    with pytest.raises(ValueError, match="samples"):
        monitor.end_window("twice", samples=-1)
    with pytest.raises(ValueError, match="scope"):
        ecopt.Monitor(scope="galaxy")


def test_estimator_backend_and_process_scope():
    m = ecopt.Monitor(cpu_backend="estimator", gpus=False, scope="process")
    with m.window("w") as w:
        busy(0.1)
    assert w.measurement.estimated and w.measurement.scope == "process"
    assert "estimator" in repr(m)
