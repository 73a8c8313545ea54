# The two commands a newcomer needs: `make run` and `make test`. Only make and Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

CLOCKS ?= 2027-01-01 2030-06-15
# Left out of the clock runs: browser, Varnish and crawler tests, and those that move their own
# clock (the syndication fault replays) — slow, and not what a date in a test or the demo breaks.
# The clock passes leave out the browser and long-running tests, so they run on parallel workers
# (pytest-xdist; each worker has its own test database).
CLOCK_WORKERS ?= 2
CLOCK_SKIP ?= --ignore=tests/portal/test_admin_crawl.py --ignore=tests/portal/test_admin_access_crawl.py \
	--ignore=tests/exemplar_stories/syndication/test_faults.py --ignore=tests/portal/test_hostile_input.py

.PHONY: run test test-clock mutation lint format check bench soak scaleout messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py load_demo_second_factors
	@echo ""
	@echo "Cổng thông tin: http://$(HOST):$(PORT)/   Trang quản trị: http://$(HOST):$(PORT)/admin/"
	@echo "Đăng nhập: admin, vanphong, vanphong2, bientap.kesach, bientap.thanhtra — mật khẩu demo12345"
	@echo "  (chỉ dùng cho bản demo: mật khẩu thật phải có ít nhất 12 ký tự)"
	@echo "Bước 2 cho admin, vanphong, vanphong2 (xác thực hai bước): nhập mã TOTP in ra bởi"
	@echo "  $(BIN)/python manage.py demo_totp vanphong"
	@echo "  hoặc thêm khóa demo GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ vào ứng dụng xác thực."
	@echo "Khóa truy cập (passkey) chỉ chạy ở http://localhost:$(PORT)/admin/ (không phải 127.0.0.1)."
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The suite (browser tests aside) under clocks set years ahead: a test or demo date that only
# holds in the year it was written fails here, not on the day it expires.
test-clock: $(STAMP)
	@for clock in $(CLOCKS); do \
		echo "--- clock $$clock"; \
		$(BIN)/python -m pytest -q -n $(CLOCK_WORKERS) -m "not e2e and not varnish" $(CLOCK_SKIP) --clock=$$clock $(PYTEST_ARGS) || exit 1; \
	done

# Mutation testing of the rule modules (mutmut 3; README "Mutation testing"). Slow: not part
# of `make test` or CI. One group: `make mutation GROUPS=signing`; the list: .ci/mutation.py --list.
GROUPS ?=
mutation: $(STAMP)
	nice -n 10 $(BIN)/python .ci/mutation.py $(GROUPS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(STAMP)
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: $(STAMP)
	$(BIN)/python -m bench.run

soak: $(STAMP)
	$(BIN)/python -m bench.soak

scaleout: $(STAMP)
	$(BIN)/python -m bench.scaleout

clean:
	rm -rf $(VENV) db.sqlite3 media static .test-media
