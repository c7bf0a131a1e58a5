import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { PageLoad } from './$types';

export interface LibraryCount {
	name: string;
	kind: 'tv' | 'movies';
	count: number;
}

// Only totals are needed: one item per page, and the page's total.
const COUNT = { page: 1, page_size: 1 } as const;

async function countShows(library?: string): Promise<number> {
	const query = { ...COUNT, library };
	return unwrap(await api.GET('/api/v1/tv/shows', { params: { query } })).total;
}

async function countMovies(
	filters: { library?: string; has_file?: boolean } = {}
): Promise<number> {
	const query = { ...COUNT, ...filters };
	return unwrap(await api.GET('/api/v1/movies', { params: { query } })).total;
}

/** "2024-01-05" of a day `days` from today, in the browser's time zone. */
function isoDay(days: number): string {
	const d = new Date();
	d.setDate(d.getDate() + days);
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export const load: PageLoad = async () => {
	const [libraries, setup, queue, calendar] = await Promise.all([
		api.GET('/api/v1/libraries').then(unwrap),
		api.GET('/api/v1/system/setup').then(unwrap),
		api
			.GET('/api/v1/activity/queue', { params: { query: { page: 1, page_size: 100 } } })
			.then(unwrap),
		api
			.GET('/api/v1/calendar', { params: { query: { start: isoDay(0), end: isoDay(14) } } })
			.then(unwrap)
	]);
	const [shows, movies, moviesMissing, ...perLibrary] = await Promise.all([
		countShows(),
		countMovies(),
		countMovies({ has_file: false }),
		...libraries.tv.map(async (l): Promise<LibraryCount> => ({
			name: l.name,
			kind: 'tv',
			count: await countShows(l.name)
		})),
		...libraries.movies.map(async (l): Promise<LibraryCount> => ({
			name: l.name,
			kind: 'movies',
			count: await countMovies({ library: l.name })
		}))
	]);
	return {
		shows,
		movies,
		moviesMissing,
		setup,
		queue,
		upcoming: calendar.items.slice(0, 10),
		libraries: perLibrary as LibraryCount[]
	};
};
