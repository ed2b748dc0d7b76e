# Duban — two commands: `make dev` runs the whole product, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NODE_STAMP := node_modules/.install-stamp

.PHONY: help dev test test-fast verify bench seed install tools ui clean-data

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

# `npm install` (not `npm ci`): it follows the lockfile too, and tolerates optional platform packages the registry
# mirror lacks (e.g. @swc/core's macOS builds), which `npm ci` refuses.
$(NODE_STAMP): package.json package-lock.json
	npm install --no-audit --no-fund
	@touch $(NODE_STAMP)

install: $(NODE_STAMP) ## Install Node dependencies when the lockfile changed

tools: ## Install the pinned Temporal CLI and test server into .tools/
	@bash scripts/install-tools.sh

ui: install ## Build the admin console into admin-ui/dist
	npm run build:ui

dev: install tools ## Start Temporal, PostgreSQL (PGlite unless DATABASE_URL), worker, API and console
	@bash scripts/ensure-fonts.sh
	@bash scripts/build-ui-if-needed.sh
	npx tsx scripts/dev.ts

test: install tools ## Install what the tests need and run every test project
	@bash scripts/test.sh

verify: install ## Format check, lint, typecheck
	npm run verify

bench: install tools ## Run the benchmarks (prints tables, writes bench/results/*.json)
	@bash scripts/bench.sh $(ARGS)

seed: install ## Generate data at scale, e.g. make seed ARGS="--enterprises 100000 --cases 20000"
	npm run seed -- $(ARGS)

clean-data: ## Delete .data (Temporal, PGlite and uploads of make dev)
	rm -rf .data
