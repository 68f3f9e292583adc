# A thin layer over Python entry points: every target below is one command that a conda
# user can also type by hand (see README.md, "Without make").
PYTHON ?= python3
VENV_PYTHON := .venv/bin/python
FORCE ?= 0
LESSON ?=

.DEFAULT_GOAL := help
.PHONY: help setup run test lab clean validate bench reset

help: ## List the targets.
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

setup: ## Create .venv from requirements.lock if it is missing or outdated.
	@$(PYTHON) tools/bootstrap.py

run: setup ## The main job: data, lessons, charts and site (FORCE=1 overwrites edited lessons).
	@$(VENV_PYTHON) -m helpers run $(if $(filter 1 yes true,$(FORCE)),--force,)

reset: setup ## Restore one lesson as shipped: make reset LESSON=01_remains_handovers
	@$(if $(LESSON),,$(error give the lesson: make reset LESSON=01_remains_handovers))
	@$(VENV_PYTHON) -m helpers reset $(LESSON)

test: setup ## Lint and run every test, notebooks included.
	@$(VENV_PYTHON) -m helpers test

validate: setup ## Check the data package only.
	@$(VENV_PYTHON) -m helpers validate

bench: setup ## Print speed and memory figures (a benchmark, not a test).
	@$(VENV_PYTHON) benchmarks/bench.py

lab: setup ## Open JupyterLab on the lessons.
	@$(VENV_PYTHON) -m helpers lab

clean: ## Remove what the build wrote (.venv, build/, caches).
	rm -rf .venv build .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -name '*.egg-info' -type d -prune -exec rm -rf {} +
