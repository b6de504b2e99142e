# jwsim — every target sets up what it needs from nothing (a fresh clone on a fresh machine).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ASSETS := .cache/solara-assets
ASSETS_STAMP := $(ASSETS)/.complete

.PHONY: run test test-fast bench app data assets browser-deps lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[app,dev,calibration,ema]"
	touch $(STAMP)

## make run: install, then run the default scenario (opdracht-2026) and print the KPI table.
run: $(STAMP)
	$(BIN)/jwsim run --scenario opdracht-2026 --reps 4 --out results/make-run

## make test: install everything (packages, Chromium, Solara's front-end files), then lint (ruff) and the whole suite.
test: $(STAMP) browser-deps assets
	$(BIN)/ruff check .
	JWSIM_ASSETS_DIR=$(CURDIR)/$(ASSETS) $(BIN)/python -m pytest -n 2 -p no:cacheprovider

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not browser and not slow"

bench: $(STAMP)
	$(BIN)/python -m benchmarks

app: $(STAMP) assets
	JWSIM_ASSETS_DIR=$(CURDIR)/$(ASSETS) $(BIN)/jwsim app

## Rebuild data/ from the public figures in ../shared/data (only needed when those change).
data: $(STAMP)
	$(BIN)/python -m jwsim.data.build --shared ../shared/data

assets: $(ASSETS_STAMP)
$(ASSETS_STAMP): viz/fetch_assets.sh
	bash viz/fetch_assets.sh $(ASSETS)

browser-deps:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .cache results
