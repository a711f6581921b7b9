# Two commands on a fresh clone: `make play` and `make test`.
# Both create a local virtual environment (.venv) on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SCENARIO ?=  # empty: the title screen, on the flagship (make play SCENARIO=cyber-pledge: that game at once)
OLDEST ?= .venv-oldest

.PHONY: play test test-oldest bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

play: $(BIN)/.installed
	$(BIN)/truce play $(SCENARIO)

test: $(BIN)/.installed
	$(BIN)/ruff check game tests benchmarks docs
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest -q -n 2

# The same checks on the oldest versions pyproject.toml allows, in a venv of their own:
# every dependency (build, runtime and dev) pinned to its lower bound (tests/lower_bounds.py).
$(OLDEST)/.installed: pyproject.toml tests/lower_bounds.py
	rm -rf $(OLDEST)
	$(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --upgrade pip
	$(OLDEST)/bin/python tests/lower_bounds.py > $(OLDEST)/constraints.txt
	$(OLDEST)/bin/python -m pip install --quiet -c $(OLDEST)/constraints.txt \
		--build-constraint $(OLDEST)/constraints.txt -e '.[dev]'
	touch $@

test-oldest: $(OLDEST)/.installed
	$(OLDEST)/bin/ruff check game tests benchmarks docs
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(OLDEST)/bin/python -m pytest -q -n 2

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(OLDEST) build *.egg-info .pytest_cache .hypothesis
