# Lantern: every task a developer or CI needs. `make help` lists them.
# Each target installs what is missing first, so a fresh clone needs nothing else.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
RASA := RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 $(BIN)/rasa
MODEL := models/lantern.tar.gz
RASA_FILES := --domain domain --data data --config config.yml

.DEFAULT_GOAL := help
.PHONY: help install domain validate train run shell test lint format lock benchmark widget clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: ## Create .venv from Python 3.10 and install the locked environment (when it changed)
	@scripts/bootstrap.sh

domain: install ## Regenerate domain/clinic_profile.yml from clinic/profile.yml
	@$(BIN)/lantern domain

validate: domain ## Check the training data and domain (rasa data validate)
	$(RASA) data validate $(RASA_FILES) --fail-on-warnings

train: domain ## Train the model into models/lantern.tar.gz (skipped when nothing changed)
	@scripts/train.sh

run: train ## Start the assistant and the action server; prints the URLs; Ctrl-C stops both
	@$(BIN)/lantern profile | grep '^note:' || true
	@$(BIN)/lantern db upgrade
	@$(BIN)/lantern insurance import --if-empty --by "make run"
	@$(BIN)/python scripts/servers.py run

shell: train ## Talk to the assistant in the terminal
	@$(BIN)/python scripts/servers.py shell

test: install ## Run every check: lint, data validation, unit tests, training, test stories, live tests, NLU evaluation
	@scripts/test.sh

lint: install ## ruff (lint and format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: install ## Re-pin requirements/lock.txt from requirements/*.in
	@scripts/lock.sh

widget: ## Rebuild the website widget (web/static/lantern-widget.js) from web/widget/src; needs npm
	cd web/widget && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund && npm run build

benchmark: train ## Latency, throughput and memory of Lantern vs Rasa's starter bot
	$(BIN)/python scripts/benchmark.py

clean: ## Remove trained models, results and logs (keeps var/ databases)
	rm -rf models results .rasa var/log var/run
