import { describe, expect, it } from 'vitest';
import { isFiltered, listHref, monitoredQuery, pageCount, readListParams } from './list-params';

describe('readListParams', () => {
	it('reads page, search and library', () => {
		expect(readListParams(new URL('http://h/tv?page=3&search=%20lost%20&library=Anime'))).toEqual({
			page: 3,
			search: 'lost',
			library: 'Anime',
			sort: 'name',
			order: 'asc',
			status: '',
			monitored: '',
			view: 'grid'
		});
	});

	it('reads sort, order, filters and view', () => {
		const url = new URL('http://h/tv?sort=added&order=desc&status=ended&monitored=false&view=list');
		expect(readListParams(url)).toMatchObject({
			sort: 'added',
			order: 'desc',
			status: 'ended',
			monitored: 'false',
			view: 'list'
		});
	});

	it("takes only the page's own status values", () => {
		expect(readListParams(new URL('http://h/movies?status=missing')).status).toBe('missing');
		expect(readListParams(new URL('http://h/movies?status=ended')).status).toBe('');
		expect(readListParams(new URL('http://h/tv?status=missing')).status).toBe('');
	});

	it.each([
		['sort=rating', 'sort', 'name'],
		['order=up', 'order', 'asc'],
		['monitored=yes', 'monitored', ''],
		['view=table', 'view', 'grid']
	] as const)('falls back to the default for %s', (query, key, fallback) => {
		expect(readListParams(new URL(`http://h/tv?${query}`))[key]).toBe(fallback);
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
		expect(listHref(url, { page: 1, sort: 'name', order: 'asc', view: 'grid', search: '' })).toBe(
			'/movies'
		);
	});

	it('keeps sort, filters and view when paging', () => {
		const sorted = new URL(
			'http://h/tv?sort=year&order=desc&status=continuing&monitored=true&view=list'
		);
		expect(listHref(sorted, { page: 2 })).toBe(
			'/tv?status=continuing&monitored=true&sort=year&order=desc&view=list&page=2'
		);
	});
});

describe('pageCount', () => {
	it('has at least one page', () => {
		expect(pageCount(0, 30)).toBe(1);
		expect(pageCount(31, 30)).toBe(2);
		expect(pageCount(30, 30)).toBe(1);
	});
});

describe('filters', () => {
	it('counts search, library, status and monitored as narrowing, not sort or view', () => {
		expect(isFiltered(readListParams(new URL('http://h/tv?sort=year&view=list')))).toBe(false);
		expect(isFiltered(readListParams(new URL('http://h/tv?monitored=false')))).toBe(true);
		expect(isFiltered(readListParams(new URL('http://h/movies?status=on-disk')))).toBe(true);
	});

	it('turns the monitored filter into the API value', () => {
		const at = (q: string) => monitoredQuery(readListParams(new URL(`http://h/tv?${q}`)));
		expect([at(''), at('monitored=true'), at('monitored=false')]).toEqual([undefined, true, false]);
	});
});
