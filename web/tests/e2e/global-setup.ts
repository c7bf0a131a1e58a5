/**
 * Starts the real backend (uvicorn, SQLite in a throwaway data dir, serving web/build) on a free
 * port, seeds its library, and stops it after the run. Tests read the address from E2E_BASE_URL
 * and the server log (where password-reset links go without SMTP) from E2E_SERVER_LOG.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const WEB_DIR = resolve(import.meta.dirname, '..', '..');
const REPO_DIR = resolve(WEB_DIR, '..');
const PYTHON_BIN = process.env.E2E_PYTHON_BIN ?? join(REPO_DIR, '.venv', 'bin');

function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => ok(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

async function waitUntilHealthy(url: string, server: { exitCode: number | null }, log: string) {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (server.exitCode !== null) throw new Error(`the backend exited; see ${log}`);
		try {
			if ((await fetch(`${url}/api/v1/health`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`the backend did not answer within 30 s; see ${log}`);
}

/**
 * The Torznab and TMDB stand-ins and a real qBittorrent (standins.py), serving until their stdin
 * closes.
 */
async function startStandins() {
	const child = spawn(join(PYTHON_BIN, 'python'), [join(WEB_DIR, 'tests/e2e/standins.py')], {
		cwd: REPO_DIR,
		env: { ...process.env, PYTHONPATH: REPO_DIR },
		stdio: ['pipe', 'pipe', 'inherit']
	});
	const line = await new Promise<string>((ok, fail) => {
		let buffer = '';
		child.stdout.on('data', (chunk) => {
			buffer += chunk;
			if (buffer.includes('\n')) ok(buffer.split('\n')[0]);
		});
		child.once('exit', (code) => fail(new Error(`standins.py exited with ${code}`)));
	});
	const urls = JSON.parse(line) as {
		indexer_url: string;
		tmdb_url: string;
		qbittorrent: { url: string; username: string; password: string };
	};
	return {
		...urls,
		stop: () =>
			new Promise((r) => {
				if (child.exitCode !== null) return r(null);
				child.once('exit', r);
				child.stdin.end();
			})
	};
}

export default async function globalSetup() {
	if (!existsSync(join(WEB_DIR, 'build', 'index.html'))) {
		throw new Error('web/build is missing: run `npm run build` in web/ first');
	}
	if (!existsSync(join(PYTHON_BIN, 'mediamanager'))) {
		throw new Error(`no ${PYTHON_BIN}/mediamanager: run \`uv sync\` in the repository first`);
	}
	const dataDir = mkdtempSync(join(tmpdir(), 'mm-e2e-'));
	const standins = await startStandins();
	const log = join(dataDir, 'server.log');
	const port = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const env = {
		...process.env,
		MEDIAMANAGER_DATA_DIR: dataDir,
		// Many sign-ins from one address within a minute are the point of these tests.
		MEDIAMANAGER_AUTH__RATE_LIMIT__ENABLED: 'false',
		MEDIAMANAGER_SCHEDULER__ENABLED: 'false',
		// Metadata from the TMDB stand-in, through the relay code built into the backend.
		MEDIAMANAGER_METADATA__TMDB_API_KEY: 'test-key',
		MEDIAMANAGER_METADATA__TMDB_BASE_URL: standins.tmdb_url
	};
	const output = openSync(log, 'a');
	const server = spawn(
		join(PYTHON_BIN, 'mediamanager'),
		['serve', '--host', '127.0.0.1', '--port', String(port)],
		{ cwd: REPO_DIR, env, stdio: ['ignore', output, output] }
	);
	await waitUntilHealthy(baseUrl, server, log);

	const seeded = spawnSync(
		join(PYTHON_BIN, 'python'),
		[join(WEB_DIR, 'tests/e2e/seed_library.py')],
		{
			cwd: REPO_DIR,
			env: { ...env, PYTHONPATH: REPO_DIR },
			encoding: 'utf8'
		}
	);
	if (seeded.status !== 0) throw new Error(`seeding failed:\n${seeded.stderr}`);

	process.env.E2E_BASE_URL = baseUrl;
	process.env.E2E_SERVER_LOG = log;
	// For tests that seed rows after the first admin exists (seed_notifications.py).
	process.env.E2E_DATA_DIR = dataDir;
	process.env.E2E_PYTHON_BIN = PYTHON_BIN;
	process.env.E2E_INDEXER_URL = standins.indexer_url;
	process.env.E2E_QBITTORRENT = JSON.stringify(standins.qbittorrent);

	return async () => {
		server.kill('SIGTERM');
		await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
		await standins.stop();
		rmSync(dataDir, { recursive: true, force: true });
	};
}
