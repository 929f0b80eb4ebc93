"""Shared fixtures of the Python module's tests. ctest sets PYTHONPATH to the build's
python/ folder and ECOPT_CLI to the ecopt executable (tests/CMakeLists.txt)."""
import os

import pytest

import ecopt


@pytest.fixture
def storage(tmp_path):
    """A fresh SQLite storage URL in the test's own folder."""
    return "sqlite:///" + str(tmp_path / "study.db")


@pytest.fixture
def cli():
    path = os.environ.get("ECOPT_CLI")
    if not path:
        pytest.skip("ECOPT_CLI is not set (ctest sets it to the ecopt executable)")
    return path


def zdt1(params):
    """ZDT1 (Zitzler, Deb and Thiele 2000) on x0..x{n-1}: both objectives minimised."""
    xs = [params["x%d" % i] for i in range(len(params))]
    f1 = xs[0]
    g = 1 + 9 * sum(xs[1:]) / (len(xs) - 1)
    return [f1, g * (1 - (f1 / g) ** 0.5)]


def hypervolume_2d(points, reference):
    """Exact 2-D hypervolume of minimised points against `reference`."""
    inside = sorted(p for p in points if p[0] < reference[0] and p[1] < reference[1])
    volume, best_f2 = 0.0, reference[1]
    for f1, f2 in inside:
        if f2 < best_f2:
            volume += (reference[0] - f1) * (best_f2 - f2)
            best_f2 = f2
    return volume


def small_space(n=3):
    return {"x%d" % i: {"type": "float", "low": 0, "high": 1} for i in range(n)}


def make_study(storage, name="s", sampler="random", **kwargs):
    return ecopt.create_study(name=name, storage=storage, space=kwargs.pop("space", small_space()),
                              objectives={"f1": "minimize", "f2": "minimize"},
                              sampler={"name": sampler, "seed": 1}, **kwargs)


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    """Each test in its own folder: optimize keeps its runs/ folder where it runs."""
    monkeypatch.chdir(tmp_path)
