# Entry points for people and CI. Each target installs what it needs first.
.PHONY: run test lint fmt migrate bench api-types docs

run:  ## install and serve the app on SQLite, data in ./data
	scripts/run.sh

test:  ## install and run every test (SQLite and PostgreSQL, metadata relay)
	scripts/test.sh

lint:
	uv run ruff check media_manager tests alembic bench scripts
	uv run ruff format --check media_manager tests alembic bench scripts
	cd metadata_relay && uv run ruff check . && uv run ruff format --check .
	scripts/web-build.sh --deps-only
	cd web && npm run --silent lint && npm run --silent check

fmt:
	uv run ruff check --fix media_manager tests alembic bench scripts
	uv run ruff format media_manager tests alembic bench scripts
	scripts/web-build.sh --deps-only
	cd web && npm run --silent format

api-types:  ## regenerate web/src/lib/api/schema.d.ts from the backend (no server needed)
	scripts/api-types.sh

docs:  ## regenerate Writerside/topics/configuration-reference.md from the settings model
	uv run python scripts/gen-config-reference.py

migrate:
	uv run mediamanager migrate

bench:
	uv run python bench/parser.py
	uv run python bench/search_fanout.py
	uv run python bench/client_polling.py
	uv run python bench/import.py
	uv run python bench/library_import_scan.py
	uv run python bench/rss_sync.py
	uv run python bench/library_scale.py
	uv run python bench/load.py
	uv run python bench/web.py
