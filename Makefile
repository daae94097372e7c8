VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test check bench docs clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/mechdesign solve problems/cournot.toml -o welfare -o revenue -o consumer_surplus

# one BLAS thread per pytest worker: two workers on two cores
test: $(STAMP)
	MPLBACKEND=Agg OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) -m pytest -n 2 -q

check: $(STAMP)
	$(VENV)/bin/mechdesign check

bench: $(STAMP)
	for script in benchmarks/*.py; do OMP_NUM_THREADS=1 $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

# the documentation site: warnings are errors, every notebook executed, figures checked
docs: $(STAMP)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(VENV)/bin/sphinx-build -W --keep-going -j 2 -b html docs docs/_build/html
	$(PY) docs/check_figures.py docs/_build/html
