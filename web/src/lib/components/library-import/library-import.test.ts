import { describe, expect, it } from 'vitest';
import {
	importBody,
	importFinished,
	importable,
	matchOf,
	preselected,
	progressLabel,
	runFinished,
	tabParam,
	type JobRead,
	type ScanFolder
} from './library-import';

function folder(overrides: Partial<ScanFolder> = {}): ScanFolder {
	return {
		id: 'f1',
		kind: 'tv',
		library: 'default',
		folder: 'Show Name (2015) [tmdbid-12]',
		provider: 'tmdb',
		external_id: 12,
		title: 'Show Name',
		year: 2015,
		confidence: 'id tag',
		reason: 'tmdbid tag',
		status: 'pending',
		error: null,
		item_id: null,
		registered: 0,
		unmatched: [],
		scanned_at: '2026-12-01T00:00:00Z',
		updated_at: '2026-12-01T00:00:00Z',
		...overrides
	};
}

function job(overrides: Partial<JobRead> = {}): JobRead {
	return {
		id: 'importer.import_library',
		description: '',
		interval_seconds: 3600,
		next_run_at: null,
		running: false,
		running_since: null,
		progress_done: null,
		progress_total: null,
		last_run: null,
		...overrides
	};
}

function run(id: string, finished: boolean): JobRead['last_run'] {
	return {
		id,
		job_id: 'importer.import_library',
		started_at: '2026-12-01T00:00:00Z',
		finished_at: finished ? '2026-12-01T00:00:05Z' : null,
		duration_seconds: finished ? 5 : null,
		outcome: finished ? 'success' : 'running',
		error: null
	};
}

describe('matches', () => {
	it('uses the scan suggestion unless the user chose another', () => {
		const f = folder();
		expect(matchOf(f, {})?.external_id).toBe(12);
		const own = { provider: 'tmdb' as const, external_id: 99, title: 'Other', year: 2001 };
		expect(matchOf(f, { f1: own })).toBe(own);
	});

	it('has no match for a folder the scan could not place', () => {
		const f = folder({ provider: null, external_id: null, confidence: 'none' });
		expect(matchOf(f, {})).toBeNull();
		expect(importable(f, {})).toBe(false);
	});

	it('never imports a folder already added', () => {
		expect(importable(folder({ status: 'added' }), {})).toBe(false);
	});
});

describe('preselected', () => {
	it('ticks only the matches the scan is sure of', () => {
		const rows = [
			folder({ id: 'a' }),
			folder({ id: 'b', confidence: 'title and year' }),
			folder({ id: 'c', confidence: 'title' }),
			folder({ id: 'd', confidence: 'guess' }),
			folder({ id: 'e', status: 'added' })
		];
		expect(preselected(rows)).toEqual(['a', 'b']);
	});
});

describe('importBody', () => {
	it('sends the chosen match, leaves the suggestion to the server and drops unmatched rows', () => {
		const rows = [
			folder({ id: 'a' }),
			folder({ id: 'b', provider: null, external_id: null }),
			folder({ id: 'c', provider: null, external_id: null }),
			folder({ id: 'd' })
		];
		const chosen = { b: { provider: 'tmdb' as const, external_id: 7, title: 'B', year: null } };
		const body = importBody(rows, ['a', 'b', 'c'], chosen, {
			quality_profile: 'default',
			monitored: false
		});
		expect(body).toEqual({
			folders: [{ id: 'a' }, { id: 'b', provider: 'tmdb', external_id: 7 }],
			quality_profile: 'default',
			monitored: false
		});
	});
});

describe('finishing', () => {
	it('waits while the job has not started yet', () => {
		expect(runFinished(job({ last_run: run('old', true) }), 'old')).toBe(false);
		expect(importFinished(job({ last_run: run('old', true) }), 'old', 3)).toBe(false);
	});

	it('waits while the job runs', () => {
		expect(runFinished(job({ running: true, last_run: run('new', false) }), 'old')).toBe(false);
		expect(importFinished(job({ running: true }), 'old', 0)).toBe(false);
	});

	it('is done once a newer run has finished', () => {
		expect(runFinished(job({ last_run: run('new', true) }), 'old')).toBe(true);
		expect(runFinished(job({ last_run: run('new', true) }), null)).toBe(true);
	});

	it('is done with the import when nothing waits any more', () => {
		expect(importFinished(job({ last_run: run('old', true) }), 'old', 0)).toBe(true);
	});

	it('counts folders in the progress label', () => {
		expect(progressLabel({ done: 0, total: 0 }, 'Importing')).toBe('Importing…');
		expect(progressLabel({ done: 1, total: 2 }, 'Importing')).toBe('Importing: 1 of 2 folders');
	});

	it('opens on the folders to import', () => {
		expect(tabParam(null)).toBe('pending');
		expect(tabParam('added')).toBe('added');
		expect(tabParam('bogus')).toBe('pending');
	});
});
