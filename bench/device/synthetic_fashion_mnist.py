"""Writes a small dataset in Fashion-MNIST's files and format (IDX, gzip-compressed), for
machines without Debian's dataset-fashion-mnist: 28x28 grey images of noise with a bright
band whose row gives the class, so a CNN learns it within an epoch. The numbers it gives
say nothing about Fashion-MNIST; bench/device/check.sh uses it only when the real data is
missing, and says so.

Usage: python3 synthetic_fashion_mnist.py DIR [--train N] [--test N]. Standard library only.
"""
import argparse
import gzip
import os
import random
import struct
import sys


def write_split(directory, prefix, count, rng):
    images = bytearray()
    labels = bytearray()
    for _ in range(count):
        label = rng.randrange(10)
        image = bytearray(b & 0x3F for b in os.urandom(28 * 28))  # dim noise, 0-63
        top = 2 + 2 * label + rng.randrange(2)  # rows 2-22, two rows a class, jittered
        for row in range(top, top + 4):
            image[row * 28 + 4 : row * 28 + 24] = b"\xf0" * 20
        images += image
        labels.append(label)
    with gzip.open(os.path.join(directory, prefix + "-images-idx3-ubyte.gz"), "wb") as f:
        f.write(struct.pack(">IIII", 0x803, count, 28, 28) + images)
    with gzip.open(os.path.join(directory, prefix + "-labels-idx1-ubyte.gz"), "wb") as f:
        f.write(struct.pack(">II", 0x801, count) + labels)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--train", type=int, default=16000)
    parser.add_argument("--test", type=int, default=2000)
    args = parser.parse_args()
    os.makedirs(args.directory, exist_ok=True)
    rng = random.Random(0)
    write_split(args.directory, "train", args.train, rng)
    write_split(args.directory, "t10k", args.test, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main())
