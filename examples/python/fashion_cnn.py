#!/usr/bin/env python3
"""The paper's CNN on Fashion-MNIST, tuned in-process with ecopt for accuracy against
energy per inference (docs/python.md). The same search space as examples/fashion-cnn.yaml,
but each trial is a Python function: PyTorch trains the network in a measured "train"
phase and classifies the test images in a measured "inference" phase, whose energy per
image is the second objective (energy.inference.per_sample).

    PYTHONPATH=build/release/python python3 examples/python/fashion_cnn.py           # ~5 min
    PYTHONPATH=build/release/python python3 examples/python/fashion_cnn.py --quick   # < 1 min
    PYTHONPATH=build/release/python python3 examples/python/fashion_cnn.py --full    # hours

Data: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), or --data-dir
with the four *-ubyte.gz files.
"""
import argparse
import gzip
import os
import struct
import sys

import torch
from torch import nn

import ecopt

DEBIAN_DIR = "/usr/share/datasets/fashion-mnist"

# The paper's space (examples/fashion-cnn.yaml) and the narrowed one of the quick demo
# (examples/demo.yaml), whose costliest point trains in about 2 minutes on one core.
FULL_SPACE = {
    "width": {"type": "int", "low": 1, "high": 128, "log": True},
    "depth": {"type": "int", "low": 1, "high": 6},
    "kernel_size": {"type": "categorical", "choices": [1, 3, 5, 7, 9]},
    "max_pool": {"type": "categorical", "choices": [True, False]},
    "optimizer": {"type": "categorical", "choices": ["adam", "sgd"]},
    "lr": {"type": "float", "low": 1e-4, "high": 1e-1, "log": True},
    "batch_size": {"type": "int", "low": 16, "high": 512, "log": True},
    "inference_batch_size": {"type": "int", "low": 1, "high": 1024, "log": True},
}
DEMO_SPACE = dict(FULL_SPACE, **{
    "width": {"type": "int", "low": 4, "high": 16, "log": True},
    "depth": {"type": "int", "low": 1, "high": 3},
    "kernel_size": {"type": "categorical", "choices": [1, 3, 5]},
    "lr": {"type": "float", "low": 3e-4, "high": 3e-2, "log": True},
    "batch_size": {"type": "fixed", "value": 32},
    "inference_batch_size": {"type": "int", "low": 8, "high": 512, "log": True},
})
QUICK_SPACE = dict(DEMO_SPACE, **{
    "width": {"type": "int", "low": 2, "high": 8, "log": True},
    "depth": {"type": "int", "low": 1, "high": 2},
    "kernel_size": {"type": "categorical", "choices": [1, 3]},
})
# train images, test images, epochs, trials, space, initial (Sobol) trials
SETTINGS = {
    "quick": (1000, 1000, 1, 3, QUICK_SPACE, 2),
    "demo": (12000, 10000, 2, 16, DEMO_SPACE, 8),
    "full": (60000, 10000, 10, 100, FULL_SPACE, None),
}


def read_idx(path, magic):
    """An IDX file (LeCun's MNIST format) as a uint8 tensor."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    found, count = struct.unpack(">II", data[:8])
    if found != magic:
        sys.exit("%s: not an IDX file (magic %#x)" % (path, found))
    if magic == 0x803:
        rows, columns = struct.unpack(">II", data[8:16])
        return torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).view(count, 1, rows, columns)
    return torch.frombuffer(bytearray(data[8:]), dtype=torch.uint8).view(count)


def load_split(directory, prefix, limit):
    files = [os.path.join(directory, prefix + s) for s in ("-images-idx3-ubyte.gz", "-labels-idx1-ubyte.gz")]
    for f in files:
        if not os.path.exists(f):
            sys.exit("Fashion-MNIST not found: %s does not exist. Install Debian's "
                     "dataset-fashion-mnist (scripts/setup), or pass --data-dir" % f)
    images = read_idx(files[0], 0x803)[:limit].float().div_(255.0)
    labels = read_idx(files[1], 0x801)[:limit].long()
    return images, labels


def build_cnn(p):
    """The searched CNN (examples/cnn/searched_cnn.cpp): depth blocks of a same-padded
    convolution and ReLU, each optionally max-pooled, then a linear classifier."""
    layers, channels, size = [], 1, 28
    for _ in range(p["depth"]):
        layers += [nn.Conv2d(channels, p["width"], p["kernel_size"], padding=p["kernel_size"] // 2),
                   nn.ReLU()]
        channels = p["width"]
        if p["max_pool"] and size >= 2:
            layers.append(nn.MaxPool2d(2))
            size //= 2
    layers += [nn.Flatten(), nn.Linear(channels * size * size, 10)]
    return nn.Sequential(*layers)


def make_objective(train, test, epochs):
    def objective(trial):
        p = trial.params
        torch.manual_seed(trial.number)
        model = build_cnn(p)
        optimizer = (torch.optim.Adam if p["optimizer"] == "adam" else torch.optim.SGD)(
            model.parameters(), lr=p["lr"])
        images, labels = train
        with trial.phase("train", samples=epochs * len(labels)):
            model.train()
            for _ in range(epochs):
                order = torch.randperm(len(labels))
                for start in range(0, len(labels), p["batch_size"]):
                    batch = order[start:start + p["batch_size"]]
                    optimizer.zero_grad()
                    nn.functional.cross_entropy(model(images[batch]), labels[batch]).backward()
                    optimizer.step()
        images, labels = test
        correct = 0
        with trial.phase("inference", samples=len(labels)), torch.no_grad():
            model.eval()
            for start in range(0, len(labels), p["inference_batch_size"]):
                batch = slice(start, start + p["inference_batch_size"])
                correct += (model(images[batch]).argmax(1) == labels[batch]).sum().item()
        trial.set_user_attr("params_count", sum(t.numel() for t in model.parameters()))
        return correct / len(labels)  # accuracy; energy.inference.per_sample is measured
    return objective


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="tiny subset, 1 epoch, 3 trials (a test)")
    size.add_argument("--full", action="store_true", help="the full space and data (hours)")
    parser.add_argument("--data-dir", default=DEBIAN_DIR)
    parser.add_argument("--storage", default="sqlite:///fashion-cnn-python.db")
    parser.add_argument("--trials", type=int, help="override the setting's trial count")
    parser.add_argument("--report", help="write the report into this folder at the end")
    args = parser.parse_args()
    setting = "quick" if args.quick else "full" if args.full else "demo"
    train_n, test_n, epochs, trials, space, initial = SETTINGS[setting]
    torch.set_num_threads(1)  # one core per trial, as the demo's trials
    train = load_split(args.data_dir, "train", train_n)
    test = load_split(args.data_dir, "t10k", test_n)
    sampler = {"name": "auto", "seed": 0}
    if initial is not None:
        sampler["initial_trials"] = initial
    study = ecopt.create_study(
        name="fashion-cnn-python-" + setting, storage=args.storage, space=space,
        objectives={"accuracy": "maximize", "energy.inference.per_sample": "minimize"},
        sampler=sampler, load_if_exists=True,
        description="Fashion-MNIST CNN tuned in-process from Python (%s setting)" % setting)
    study.optimize(make_objective(train, test, epochs), n_trials=args.trials or trials)
    print("Pareto set (accuracy, J per inference):")
    for t in study.best_trials:
        print("  trial %3d: %.4f  %.3g J  %s" % (t.number, t.values[0], t.values[1], t.params))
    if args.report:
        for path in ecopt.report(study, args.report):
            print("wrote", path)


if __name__ == "__main__":
    main()
