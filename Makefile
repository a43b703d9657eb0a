# CrossBorder: the two commands are `make demo` and `make test`.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIGURATION ?= Release
CLI_OUT := artifacts/cli
CLI := $(CLI_OUT)/crossborder
FEDERATION ?= certs-dev
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: all build test soak demo bench format-check clean vectors

all: build

## build: compile everything and publish the CLI (framework-dependent) into artifacts/cli/
build:
	$(DOTNET) build CrossBorder.sln -c $(CONFIGURATION) --nologo -v quiet
	rm -rf $(CLI_OUT)
	$(DOTNET) publish src/CrossBorder.Cli/CrossBorder.Cli.csproj -c $(CONFIGURATION) --nologo -v quiet \
		--self-contained false -p:UseAppHost=true -p:PublishSingleFile=true -p:DebugType=embedded -o $(CLI_OUT)

## test: every test suite, with the tools and the Node.js peer's packages installed first
test: tests/interop-node/node_modules
	bash .ci/prepare-test-tools
	mkdir -p artifacts
	set -o pipefail; $(DOTNET) test CrossBorder.sln -c $(CONFIGURATION) --nologo 2>&1 | tee artifacts/test.log
	bash .ci/test-summary artifacts/test.log

## soak: only the soak test, for SOAK_SECONDS of traffic (default 1800; `make test` runs its 120-second form); report in artifacts/soak/report.md
SOAK_SECONDS ?= 1800
soak:
	bash .ci/prepare-test-tools
	mkdir -p artifacts/soak
	CROSSBORDER_SOAK_SECONDS=$(SOAK_SECONDS) $(DOTNET) test tests/CrossBorder.Gateway.Tests/CrossBorder.Gateway.Tests.csproj -c $(CONFIGURATION) --nologo \
		--filter "FullyQualifiedName~CrossBorder.Gateway.Tests.Replicas.SoakTests" --logger "console;verbosity=detailed"

## tests/interop-node/node_modules: the independent Node.js peer's packages, exactly as its lock file says
tests/interop-node/node_modules: tests/interop-node/package.json tests/interop-node/package-lock.json
	bash .ci/prepare-test-tools
	cd tests/interop-node && npm ci --no-audit --no-fund
	touch $@

## demo: gateways on loopback with the dev federation
demo: build
	$(CLI) demo --federation $(FEDERATION)

## vectors: regenerate the checked-in conformance test vectors (published test keys) in docs/conformance/vectors
VECTORS_TIME ?= 2026-11-28T10:00:00Z
vectors:
	$(DOTNET) run -c $(CONFIGURATION) --project src/CrossBorder.Cli/CrossBorder.Cli.csproj -v quiet -- \
		conformance vectors --out docs/conformance/vectors --time $(VECTORS_TIME) --force

## format-check: code style as .editorconfig says, without changing files
format-check:
	$(DOTNET) format CrossBorder.sln --verify-no-changes --no-restore -v quiet

clean:
	rm -rf artifacts
	find src tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +

## bench: throughput and allocation figures, as ratios measured in one run
bench:
	$(DOTNET) run -c Release --project tests/CrossBorder.Benchmarks/CrossBorder.Benchmarks.csproj --nologo -v quiet
