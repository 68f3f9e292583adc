# A thin layer over Python entry points: every target below is one command that a conda
# user can also type by hand (see README.md, "Without make").
PYTHON ?= python3
VENV_PYTHON := .venv/bin/python
# uv, the installer, pinned and hash-checked in tools/uv-requirements.txt; kept in .tools/.
UV := .tools/bin/uv
SYNC := $(UV) sync --locked --all-extras --python $(PYTHON) --quiet
FORCE ?= 0
FRESH ?= 0
LESSON ?=

.DEFAULT_GOAL := help
.PHONY: help setup run test lab clean validate bench reset lock lessons

help: ## List the targets.
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

# uv sync installs exactly uv.lock into .venv (byte-compiled: see [tool.uv]); it fails if
# pyproject.toml and uv.lock disagree. --check (0.2 s) finds a missing, outdated or moved .venv.
# The font cache is built after a sync, so matplotlib's first-use message never reaches a lesson.
setup: $(UV) ## Create or update .venv from uv.lock (about 30 s the first time).
	@$(SYNC) --check 2>/dev/null || { echo "[setup] syncing .venv with uv.lock"; \
		$(SYNC) && $(VENV_PYTHON) -c "import matplotlib.font_manager"; }

$(UV): tools/uv-requirements.txt
	@echo "[setup] installing uv (pinned, hash-checked) into .tools/"
	@rm -rf .tools
	@$(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
		--target .tools --require-hashes --no-deps -r tools/uv-requirements.txt

lock: $(UV) ## After editing dependencies in pyproject.toml: re-lock (ARGS=--upgrade to move pins).
	$(UV) lock $(ARGS)
	$(UV) export --locked --all-extras --no-emit-project --quiet -o requirements.lock
	@# environment.yml: its header up to "- pip:", then the same pins without hashes
	{ sed '/^  - pip:$$/q' environment.yml; $(UV) export --locked --all-extras \
		--no-emit-project --no-hashes --no-header --no-annotate --quiet | sed 's/^/      - /'; \
	} > environment.yml.new && mv environment.yml.new environment.yml

lessons: setup ## Rewrite each lesson's first cell from pyproject.toml's [project.urls].
	@$(VENV_PYTHON) tools/lessons.py

run: setup ## The main job, all or nothing: data, lessons, charts, site (FORCE=1: edited lessons as they are; FRESH=1 runs all).
	@$(VENV_PYTHON) -m helpers run $(if $(filter 1 yes true,$(FORCE)),--force,) \
		$(if $(filter 1 yes true,$(FRESH)),--fresh,)

reset: setup ## Restore one lesson as released: make reset LESSON=01_remains_handovers
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

clean: ## Remove what the build wrote (.venv, .tools, build/, caches).
	rm -rf .venv .tools build .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -name '*.egg-info' -type d -prune -exec rm -rf {} +
