# Entry points for people and CI. Each target installs what it needs first.
.PHONY: run test lint fmt migrate bench

run:  ## install and serve the app on SQLite, data in ./data
	scripts/run.sh

test:  ## install and run every test (SQLite and PostgreSQL, metadata relay)
	scripts/test.sh

lint:
	uv run ruff check media_manager tests alembic bench
	uv run ruff format --check media_manager tests alembic bench
	cd metadata_relay && uv run ruff check . && uv run ruff format --check .

fmt:
	uv run ruff check --fix media_manager tests alembic bench
	uv run ruff format media_manager tests alembic bench

migrate:
	uv run mediamanager migrate

bench:
	uv run python bench/parser.py
	uv run python bench/search_fanout.py
	uv run python bench/client_polling.py
	uv run python bench/library_scale.py
	uv run python bench/load.py
