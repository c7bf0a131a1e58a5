import { describe, expect, it } from 'vitest';
import { listHref, pageCount, readListParams } from './list-params';

describe('readListParams', () => {
	it('reads page, search and library', () => {
		expect(readListParams(new URL('http://h/tv?page=3&search=%20lost%20&library=Anime'))).toEqual({
			page: 3,
			search: 'lost',
			library: 'Anime'
		});
	});

	it.each(['0', '-2', 'abc', ''])('treats page=%s as the first page', (page) => {
		expect(readListParams(new URL(`http://h/tv?page=${page}`)).page).toBe(1);
	});
});

describe('listHref', () => {
	const url = new URL('http://h/movies?search=alien&page=4');

	it('keeps the other parameters', () => {
		expect(listHref(url, { page: 5 })).toBe('/movies?search=alien&page=5');
	});

	it('leaves defaults out of the address', () => {
		expect(listHref(url, { page: 1, search: '' })).toBe('/movies');
	});
});

describe('pageCount', () => {
	it('has at least one page', () => {
		expect(pageCount(0, 30)).toBe(1);
		expect(pageCount(31, 30)).toBe(2);
		expect(pageCount(30, 30)).toBe(1);
	});
});
