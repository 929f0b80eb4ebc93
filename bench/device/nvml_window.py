"""A busy GPU window measured twice: by `ecopt measure`, which runs this script, and by
NVML's own total-energy counter read here through pynvml at the window's two ends.

Run as `ecopt measure --json -o OUT.json -- python3 nvml_window.py --seconds 15`. The
script marks the window as the phase "busy" through the trial protocol ($ECOPT_FD,
docs/protocol.md) with CLOCK_MONOTONIC timestamps taken next to its pynvml reads, so
ecopt cuts its energy series at the same instants; it reports pynvml's energy per GPU
as the metrics pynvml_gpuN_j (J), and pynvml_gpuN_supported (0 when the device has no
total-energy counter). bench/device/check.sh compares the two.

Needs CUDA PyTorch and pynvml (nvidia-ml-py). Standard library otherwise.
"""
import argparse
import json
import os
import sys
import time

import pynvml
import torch


def send(message):
    """One protocol message; outside ecopt (no $ECOPT_FD) it goes to stderr."""
    line = json.dumps(message) + "\n"
    fd = os.environ.get("ECOPT_FD")
    if fd is None:
        sys.stderr.write(line)
    else:
        os.write(int(fd), line.encode())


def read_energies_mj(handles):
    """NVML's total energy per GPU since the driver loaded, mJ; None where unsupported."""
    energies = []
    for handle in handles:
        try:
            energies.append(pynvml.nvmlDeviceGetTotalEnergyConsumption(handle))
        except pynvml.NVMLError:
            energies.append(None)
    return energies


def boundary(handles):
    """The counters, and the monotonic time in the middle of reading them (ns)."""
    before = time.monotonic_ns()
    energies = read_energies_mj(handles)
    after = time.monotonic_ns()
    return (before + after) // 2, energies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="length of the busy window")
    parser.add_argument("--size", type=int, default=8192, help="matrix size of the bf16 products")
    args = parser.parse_args()

    pynvml.nvmlInit()
    handles = [pynvml.nvmlDeviceGetHandleByIndex(i) for i in range(pynvml.nvmlDeviceGetCount())]
    if not torch.cuda.is_available():
        print("nvml_window.py: PyTorch sees no CUDA device", file=sys.stderr)
        return 3
    device = torch.device("cuda")
    a = torch.randn(args.size, args.size, device=device, dtype=torch.bfloat16)
    b = torch.randn(args.size, args.size, device=device, dtype=torch.bfloat16)
    for _ in range(3):  # warm-up: kernels chosen, clocks up
        a @ b
    torch.cuda.synchronize()

    start_ns, start_mj = boundary(handles)
    send({"phase": "busy", "event": "begin", "t_ns": start_ns})
    products = 0
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        for _ in range(10):
            a @ b
        products += 10
        torch.cuda.synchronize()
    end_ns, end_mj = boundary(handles)
    send({"phase": "busy", "event": "end", "t_ns": end_ns, "samples": products})

    metrics = {}
    for index, (first, last) in enumerate(zip(start_mj, end_mj)):
        supported = first is not None and last is not None
        metrics["pynvml_gpu%d_supported" % index] = 1 if supported else 0
        if supported:
            metrics["pynvml_gpu%d_j" % index] = (last - first) / 1000.0
    metrics["busy_seconds"] = (end_ns - start_ns) / 1e9
    metrics["tflops"] = 2.0 * args.size**3 * products / ((end_ns - start_ns) / 1e9) / 1e12
    send({"metric": metrics})
    pynvml.nvmlShutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
