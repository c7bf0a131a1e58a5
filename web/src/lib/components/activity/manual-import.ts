/** The manual import dialog's rows and how they become a request (pure, unit-tested). */
import type { ValidationItem } from '$lib/api/errors';
import type { components } from '$lib/api/schema';
import { cleanMessage } from '$lib/forms/field-errors';

export type ImportFile = components['schemas']['ImportFileRead'];
export type ImportChoice = components['schemas']['ImportChoice'];

export interface ImportRow {
	path: string;
	size: number;
	reason: string | null;
	include: boolean;
	/** The chosen episodes (or the movie) as comma-joined ids, as the select holds them. */
	units: string;
	quality: string;
	/** Comma-separated language codes. */
	languages: string;
}

/** One row per video, starting from the importer's suggestion (included when it has one). */
export function initialRows(files: ImportFile[], movieId: string | null): ImportRow[] {
	return files
		.filter((f) => f.kind === 'video')
		.map((f) => {
			const suggested = f.suggestion?.unit_ids ?? [];
			const units = suggested.length ? suggested : movieId && f.suggestion ? [movieId] : [];
			return {
				path: f.path,
				size: f.size,
				reason: f.reason ?? null,
				include: units.length > 0,
				units: units.join(','),
				quality: f.suggestion?.quality ?? '',
				languages: (f.suggestion?.languages ?? []).join(', ')
			};
		});
}

/** The request's files: the included rows, unset quality and languages left to the importer. */
export function toChoices(rows: ImportRow[]): ImportChoice[] {
	return rows
		.filter((r) => r.include)
		.map((r) => {
			const languages = r.languages
				.split(',')
				.map((l) => l.trim())
				.filter(Boolean);
			return {
				path: r.path,
				unit_ids: r.units.split(',').filter(Boolean),
				quality: (r.quality || null) as ImportChoice['quality'],
				languages: languages.length ? languages : null
			};
		});
}

/**
 * A 422's problems placed on the rows: `loc` ["body", "files", 2, "quality"] is the third
 * included row's quality. Keys are "<row index>.<field>"; the rest goes to `form`.
 */
export function rowErrors(
	items: ValidationItem[],
	rows: ImportRow[]
): { fields: Record<string, string>; form: string[] } {
	const included = rows.flatMap((r, i) => (r.include ? [i] : []));
	const result = { fields: {} as Record<string, string>, form: [] as string[] };
	for (const item of items) {
		const [where, list, index, field] = item.loc;
		const row = typeof index === 'number' ? included[index] : undefined;
		if (where === 'body' && list === 'files' && row !== undefined && typeof field === 'string') {
			result.fields[`${row}.${field}`] = cleanMessage(item.msg);
		} else {
			result.form.push(cleanMessage(item.msg));
		}
	}
	return result;
}

/** Refuses what the server would refuse anyway, before sending: an included row needs a match. */
export function missingMatches(rows: ImportRow[]): Record<string, string> {
	const fields: Record<string, string> = {};
	rows.forEach((r, i) => {
		if (r.include && !r.units) fields[`${i}.unit_ids`] = 'Choose what this file is';
	});
	return fields;
}
