/** The existing-library import page's logic: tabs, choices, the import request, progress. */
import type { components } from '$lib/api/schema';

export type ScanFolder = components['schemas']['ScanFolderRead'];
export type ScanStatus = ScanFolder['status'];
export type JobRead = components['schemas']['JobRead'];
export type ImportBody = components['schemas']['ScanImportRequest'];

export const SCAN_JOB = 'importer.scan_library';
export const IMPORT_JOB = 'importer.import_library';
export const SCAN_PAGE_SIZE = 200;

export const TABS: { id: ScanStatus; label: string }[] = [
	{ id: 'pending', label: 'To import' },
	{ id: 'failed', label: 'Failed' },
	{ id: 'queued', label: 'Queued' },
	{ id: 'added', label: 'Added' }
];

export function tabParam(value: string | null): ScanStatus {
	return TABS.find((t) => t.id === value)?.id ?? 'pending';
}

/** A match chosen by hand (from a metadata search), in place of the scan's suggestion. */
export interface Match {
	provider: 'tmdb' | 'tvdb';
	external_id: number;
	title: string;
	year: number | null;
}

/** The match a folder will be imported as: the user's choice, else the scan's suggestion. */
export function matchOf(folder: ScanFolder, chosen: Record<string, Match>): Match | null {
	const own = chosen[folder.id];
	if (own) return own;
	if (folder.provider == null || folder.external_id == null) return null;
	return {
		provider: folder.provider,
		external_id: folder.external_id,
		title: folder.title ?? folder.folder,
		year: folder.year
	};
}

// A guess from the title alone is often another show of the same name: the user looks first.
const SURE: ScanFolder['confidence'][] = ['id tag', 'title and year'];

/** The folders ticked when a list opens: those with a match the scan is sure of. */
export function preselected(folders: ScanFolder[]): string[] {
	return folders
		.filter((f) => (f.status === 'pending' || f.status === 'failed') && SURE.includes(f.confidence))
		.filter((f) => matchOf(f, {}) !== null)
		.map((f) => f.id);
}

/** Whether a folder can be imported at all: not added yet, and with some match. */
export function importable(folder: ScanFolder, chosen: Record<string, Match>): boolean {
	return folder.status !== 'added' && matchOf(folder, chosen) !== null;
}

/** The body of POST /library/scan/import; ids without a match are left out. */
export function importBody(
	folders: ScanFolder[],
	selected: string[],
	chosen: Record<string, Match>,
	options: { quality_profile: string; monitored: boolean }
): ImportBody {
	const picked = folders.filter((f) => selected.includes(f.id) && importable(f, chosen));
	return {
		folders: picked.map((f) => {
			const own = chosen[f.id];
			// The suggestion needs no repeating: the server uses it when none is given.
			return own
				? { id: f.id, provider: own.provider, external_id: own.external_id }
				: { id: f.id };
		}),
		quality_profile: options.quality_profile,
		monitored: options.monitored
	};
}

export interface Progress {
	done: number;
	total: number;
}

export function jobProgress(job: JobRead | undefined): Progress {
	return { done: job?.progress_done ?? 0, total: job?.progress_total ?? 0 };
}

/**
 * Whether a run started after `beforeRunId` (the job's last run when we asked) has finished.
 * The job starts just after the API answers, so "not running" alone can mean "not started yet".
 */
export function runFinished(job: JobRead | undefined, beforeRunId: string | null): boolean {
	if (!job || job.running || !job.last_run) return false;
	return job.last_run.id !== beforeRunId && job.last_run.finished_at !== null;
}

/** The bulk import is over when its job rests and no folder waits, or a newer run ended. */
export function importFinished(
	job: JobRead | undefined,
	beforeRunId: string | null,
	queuedLeft: number
): boolean {
	if (!job || job.running) return false;
	return queuedLeft === 0 || runFinished(job, beforeRunId);
}

export function progressLabel(progress: Progress, noun: string): string {
	if (!progress.total) return `${noun}…`;
	return `${noun}: ${progress.done} of ${progress.total} folder${progress.total === 1 ? '' : 's'}`;
}

export function confidenceVariant(
	confidence: ScanFolder['confidence']
): 'default' | 'secondary' | 'outline' {
	if (confidence === 'id tag' || confidence === 'title and year') return 'default';
	if (confidence === 'title') return 'secondary';
	return 'outline';
}
