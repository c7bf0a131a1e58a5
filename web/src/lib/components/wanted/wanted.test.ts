import { describe, expect, it } from 'vitest';
import { episodeCode, itemHref, pageParam, withQuery } from './wanted';

describe('wanted helpers', () => {
	it('writes episode codes with two digits and none for movies', () => {
		expect(episodeCode(1, 2)).toBe('S01E02');
		expect(episodeCode(12, 105)).toBe('S12E105');
		expect(episodeCode(null, null)).toBe('');
	});

	it('links a show and a movie to their pages', () => {
		expect(itemHref({ kind: 'tv', item_id: 's' })).toBe('/tv/s');
		expect(itemHref({ kind: 'movie', item_id: 'm' })).toBe('/movies/m');
	});

	it('keeps other query parameters when changing the page', () => {
		const url = new URL('http://x/wanted?tab=cutoff&page=3');
		expect(withQuery(url, { page: 4 })).toBe('/wanted?tab=cutoff&page=4');
		expect(withQuery(url, { page: 1 })).toBe('/wanted?tab=cutoff');
		expect(withQuery(url, { tab: null, page: null })).toBe('/wanted');
	});

	it('reads only positive whole page numbers', () => {
		expect(pageParam(new URL('http://x/?page=2'))).toBe(2);
		expect(pageParam(new URL('http://x/?page=-1'))).toBe(1);
		expect(pageParam(new URL('http://x/?page=abc'))).toBe(1);
		expect(pageParam(new URL('http://x/'))).toBe(1);
	});
});
