import { describe, expect, it } from 'vitest';
import {
	initialRows,
	missingMatches,
	rowErrors,
	toChoices,
	type ImportFile
} from './manual-import';

const suggestion = {
	unit_ids: ['e1', 'e2'],
	season: 1,
	episodes: [1, 2],
	quality: 'webdl-1080p',
	languages: ['en'],
	target: 'Show/Season 01/x.mkv'
};
const files: ImportFile[] = [
	{ path: 'a.mkv', size: 10, kind: 'video', suggestion },
	{ path: 'b.mkv', size: 5, kind: 'video', reason: 'No episode matches', suggestion: null },
	{ path: 'a.srt', size: 1, kind: 'subtitle' }
];

describe('manual import rows', () => {
	it('starts from the suggestion and leaves unmatched videos out', () => {
		const rows = initialRows(files, null);
		expect(rows).toHaveLength(2);
		expect(rows[0]).toMatchObject({ include: true, units: 'e1,e2', quality: 'webdl-1080p' });
		expect(rows[0].languages).toBe('en');
		expect(rows[1]).toMatchObject({ include: false, units: '', reason: 'No episode matches' });
	});

	it('sends the included rows only, with empty choices left to the importer', () => {
		const rows = initialRows(files, null);
		rows[0].languages = ' en , de ';
		rows[1].include = true;
		rows[1].units = 'e3';
		rows[1].quality = '';
		rows[1].languages = '';
		expect(toChoices(rows)).toEqual([
			{ path: 'a.mkv', unit_ids: ['e1', 'e2'], quality: 'webdl-1080p', languages: ['en', 'de'] },
			{ path: 'b.mkv', unit_ids: ['e3'], quality: null, languages: null }
		]);
	});

	it('places the server’s errors on the row they belong to', () => {
		const rows = initialRows(files, null);
		rows[0].include = false;
		rows[1].include = true;
		const errors = rowErrors(
			[
				{ loc: ['body', 'files', 0, 'quality'], msg: 'Input should be one of ...' },
				{ loc: ['body'], msg: 'Value error, nothing to import' }
			],
			rows
		);
		expect(errors.fields).toEqual({ '1.quality': 'Input should be one of ...' });
		expect(errors.form).toEqual(['nothing to import']);
	});

	it('asks for a match of every included row', () => {
		const rows = initialRows(files, null);
		rows[1].include = true;
		expect(missingMatches(rows)).toEqual({ '1.unit_ids': 'Choose what this file is' });
	});
});
