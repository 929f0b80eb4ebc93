#!/usr/bin/env bash
# Downloads, on a Debian 12 machine with a package registry, the packages that
# bench/device/check.sh --debs DIR needs to build ecopt on a machine that has a compiler,
# CMake, CUDA and PyTorch but not ecopt's libraries, and no registry (an offline GPU
# machine). Nothing is installed: `apt-get download` only fetches the .deb files (about
# 14 MB), and check.sh unpacks them into a private prefix.
#
# Usage: bench/device/fetch-debs.sh DIR
set -euo pipefail
dir=${1:?usage: fetch-debs.sh DIR}
mkdir -p "$dir"
cd "$dir"
# The build dependencies of scripts/setup that the core library and the examples need
# (no test, benchmark or server packages), with the run-time libraries they link to that
# a non-Debian image may lack (libpq5's LDAP and SASL).
packages=(
  libcli11-dev
  libyaml-cpp-dev libyaml-cpp0.7
  nlohmann-json3-dev
  libsqlite3-dev libsqlite3-0
  libboost1.74-dev
  libeigen3-dev
  libnlopt-cxx-dev libnlopt-cxx0 libnlopt-dev libnlopt0
  libpq-dev libpq5 libldap-2.5-0 libsasl2-2
  zlib1g-dev
)
apt-get download "${packages[@]}"
ls -l ./*.deb
du -sh .
