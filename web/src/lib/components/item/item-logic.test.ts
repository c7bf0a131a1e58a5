import { describe, expect, it } from 'vitest';
import {
	changedFields,
	countOf,
	episodeCode,
	libraryChoices,
	profileChoices,
	sortSeasons,
	splitRename
} from './item-logic';

describe('libraryChoices', () => {
	it('lists the configured libraries', () => {
		expect(libraryChoices(['default', 'Anime'], 'Anime')).toEqual([
			{ value: 'default', label: 'default' },
			{ value: 'Anime', label: 'Anime' }
		]);
	});

	it('keeps the current library first when it is no longer configured', () => {
		expect(libraryChoices(['default'], 'Old').map((c) => c.label)).toEqual([
			'Old (no longer configured)',
			'default'
		]);
	});
});

describe('profileChoices', () => {
	it('offers the configured default first, once', () => {
		expect(profileChoices(['HD-1080p', 'default', 'Any'], 'Any').map((c) => c.value)).toEqual([
			'default',
			'HD-1080p',
			'Any'
		]);
	});

	it('names the default and a deleted current profile for what they are', () => {
		expect(profileChoices(['HD-1080p'], 'Gone').map((c) => c.label)).toEqual([
			'default (the configured default)',
			'HD-1080p',
			'Gone (deleted)'
		]);
	});
});

describe('changedFields', () => {
	it('keeps only what differs', () => {
		expect(
			changedFields(
				{ library: 'default', quality_profile: 'default' },
				{ library: 'default', quality_profile: 'HD-1080p' }
			)
		).toEqual({ quality_profile: 'HD-1080p' });
	});

	it('is empty when nothing changed', () => {
		expect(changedFields({ library: 'a' }, { library: 'a' })).toEqual({});
	});
});

describe('splitRename', () => {
	it('shows shared folders once', () => {
		expect(
			splitRename('Show (2015)/Season 01/a.mkv', 'Show (2015)/Season 01/Show - S01E01.mkv')
		).toEqual({ common: 'Show (2015)/Season 01/', old: 'a.mkv', new: 'Show - S01E01.mkv' });
	});

	it('keeps whole paths when the top folder changes', () => {
		expect(splitRename('Show/x.mkv', 'Show (2015)/Season 01/x.mkv')).toEqual({
			common: '',
			old: 'Show/x.mkv',
			new: 'Show (2015)/Season 01/x.mkv'
		});
	});

	it('never takes the file name into the shared part', () => {
		expect(splitRename('a/b', 'a/b/c')).toEqual({ common: 'a/', old: 'b', new: 'b/c' });
		expect(splitRename('x.mkv', 'x.mkv')).toEqual({ common: '', old: 'x.mkv', new: 'x.mkv' });
	});
});

describe('episodes and seasons', () => {
	it('writes episode codes with two digits', () => {
		expect(episodeCode(1, 2)).toBe('S01E02');
		expect(episodeCode(12, 105)).toBe('S12E105');
	});

	it('sorts seasons newest first with specials last', () => {
		const numbers = sortSeasons([{ number: 0 }, { number: 1 }, { number: 3 }, { number: 2 }]).map(
			(s) => s.number
		);
		expect(numbers).toEqual([3, 2, 1, 0]);
	});

	it('counts with the right plural', () => {
		expect(countOf(1, 'file')).toBe('1 file');
		expect(countOf(0, 'file')).toBe('0 files');
	});
});
