#!/usr/bin/env bash
# Installs what `make` needs and is missing, on Debian 12: the C libraries
# (found through pkg-config) and, with --python, a virtualenv under .venv with
# the pinned packages of tools/fixtures/requirements.txt; --python-real adds
# tools/fixtures/requirements-real.txt (installed with --no-deps, see that file); --report adds Debian's
# chromium and, in the same .venv, tools/report/requirements.txt (make report-check);
# --python-extra FILE installs the pinned packages of FILE on top of --python
# (python/requirements-test.txt for the kernel kit's tests, examples/jax/requirements.txt for JAX).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
    echo "ensure-deps: installing $*" >&2
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists hdf5 openblas; then
    apt_install libhdf5-dev libopenblas-dev pkg-config
fi
# The C example kernels (make examples) are built with the system C compiler.
command -v cc >/dev/null 2>&1 || apt_install gcc
# pip-installs the pinned requirements file $1 into .venv unless stamp $2 holds the same text; more
# arguments go to pip.
install_pinned() {
    local req=$1 stamp=$2
    shift 2
    if ! cmp -s "$req" "$stamp"; then
        .venv/bin/pip install --quiet --disable-pip-version-check "$@" -r "$req"
        cp "$req" "$stamp"
    fi
}

command -v swift >/dev/null 2>&1 || { echo "ensure-deps: swift (6.1 or newer) is not on PATH; install a Swift toolchain from swift.org" >&2; exit 1; }

if [ "${1:-}" = "--python" ] || [ "${1:-}" = "--python-real" ] || [ "${1:-}" = "--report" ] || [ "${1:-}" = "--python-extra" ]; then
    if ! python3 -m venv --help >/dev/null 2>&1; then apt_install python3-venv; fi
    req=tools/fixtures/requirements.txt
    stamp=.venv/.requirements-installed
    if [ ! -x .venv/bin/python ] || ! cmp -s "$req" "$stamp"; then
        python3 -m venv .venv
        .venv/bin/pip install --quiet --disable-pip-version-check -r "$req"
        cp "$req" "$stamp"
    fi
fi
if [ "${1:-}" = "--python-real" ]; then
    install_pinned tools/fixtures/requirements-real.txt .venv/.requirements-real-installed --no-deps
fi
if [ "${1:-}" = "--report" ]; then
    command -v chromium >/dev/null 2>&1 || apt_install chromium
    install_pinned tools/report/requirements.txt .venv/.requirements-report-installed
fi
if [ "${1:-}" = "--python-extra" ]; then
    req=${2:?"ensure-deps: --python-extra needs a requirements file"}
    install_pinned "$req" ".venv/.requirements-$(echo "$req" | tr '/.' '__')-installed"
fi
