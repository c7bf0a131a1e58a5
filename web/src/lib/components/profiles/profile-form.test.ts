import { describe, expect, it } from 'vitest';
import { InvalidInput } from '$lib/api/errors';
import {
	NO_CUTOFF,
	parseScoredWords,
	profileBody,
	profileFields,
	profileValues,
	ruleBody,
	type Profile
} from './profile-form';

const QUALITIES = [
	{ id: 'tv-720p', label: 'HDTV-720p', source: 'tv', resolution: 720 },
	{ id: 'web-1080p', label: 'WEBDL-1080p', source: 'web', resolution: 1080 },
	{ id: 'bluray-2160p', label: 'Bluray-2160p', source: 'bluray', resolution: 2160 }
];
const fields = profileFields(QUALITIES);

const PROFILE: Profile = {
	id: '7b0c0c8e-3f7e-4d38-9a51-7c1f0a3c2b11',
	name: 'HD',
	qualities: ['web-1080p', 'tv-720p'],
	cutoff: null,
	min_episode_size_mb: 100,
	max_episode_size_mb: null,
	min_movie_size_mb: null,
	max_movie_size_mb: null,
	min_seeders: 2,
	required_words: [],
	ignored_words: ['cam'],
	preferred_words: [
		{ word: 'x265', score: 10 },
		{ word: 'hdr', score: -5 }
	]
};

describe('profile fields', () => {
	it('offer the qualities best first, with their labels', () => {
		const qualities = fields.find((f) => f.name === 'qualities');
		expect(qualities?.options).toEqual(['bluray-2160p', 'web-1080p', 'tv-720p']);
		expect(qualities?.optionLabels?.['web-1080p']).toBe('WEBDL-1080p');
		expect(fields.find((f) => f.name === 'cutoff')?.options?.[0]).toBe(NO_CUTOFF);
	});
});

describe('profileValues and profileBody', () => {
	it('round-trip a profile, scored words as word=score', () => {
		const values = profileValues(fields, PROFILE);
		expect(values.preferred_words).toBe('x265=10, hdr=-5');
		expect(values.cutoff).toBe(NO_CUTOFF);
		expect(values.qualities).toBe('web-1080p, tv-720p');

		const body = profileBody(fields, values, true);
		expect(body).toMatchObject({
			name: 'HD',
			qualities: ['web-1080p', 'tv-720p'],
			cutoff: null,
			min_seeders: 2,
			min_episode_size_mb: 100,
			max_episode_size_mb: null,
			required_words: [],
			ignored_words: ['cam'],
			preferred_words: PROFILE.preferred_words
		});
	});

	it('sends emptied lists as empty, so that they are cleared', () => {
		const values = { ...profileValues(fields, PROFILE), ignored_words: '', qualities: '' };
		const body = profileBody(fields, values, true);
		expect(body.ignored_words).toEqual([]);
		expect(body.qualities).toEqual([]);
	});

	it('sends a chosen cutoff as its id', () => {
		const values = { ...profileValues(fields, null), name: 'New', cutoff: 'web-1080p' };
		expect(profileBody(fields, values, false).cutoff).toBe('web-1080p');
	});
});

describe('parseScoredWords', () => {
	it('reads words with spaces and negative scores', () => {
		expect(parseScoredWords(' dolby vision = 20 ,cam=-100 ')).toEqual([
			{ word: 'dolby vision', score: 20 },
			{ word: 'cam', score: -100 }
		]);
		expect(parseScoredWords('')).toEqual([]);
	});

	it('refuses a part without a whole-number score, on the field', () => {
		try {
			parseScoredWords('x265=10, hdr');
			expect.unreachable();
		} catch (e) {
			expect(e).toBeInstanceOf(InvalidInput);
			expect((e as InvalidInput).errors).toEqual([
				{ loc: ['body', 'preferred_words'], msg: '"hdr" is not word=score (a whole number)' }
			]);
		}
		expect(() => parseScoredWords('x265=1.5')).toThrow(InvalidInput);
	});
});

describe('ruleBody', () => {
	it('lists keywords and reads the score as a number', () => {
		expect(
			ruleBody({
				name: 'HEVC',
				kind: 'title',
				keywords: 'x265, hevc',
				score_modifier: '-10',
				negate: false
			})
		).toEqual({
			name: 'HEVC',
			kind: 'title',
			keywords: ['x265', 'hevc'],
			score_modifier: -10,
			negate: false
		});
	});
});
