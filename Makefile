VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test check bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/mechdesign demo

test: $(STAMP)
	MPLBACKEND=Agg $(PY) -m pytest -n 2 -q

check: $(STAMP)
	$(VENV)/bin/mechdesign check

bench: $(STAMP)
	$(PY) benchmarks/scaling.py
	$(PY) benchmarks/accuracy.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
