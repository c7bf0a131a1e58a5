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

export const load: PageLoad = async () => {
	const [libraries, setup] = await Promise.all([
		api.GET('/api/v1/libraries').then(unwrap),
		api.GET('/api/v1/system/setup').then(unwrap)
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
	return { shows, movies, moviesMissing, setup, libraries: perLibrary as LibraryCount[] };
};
