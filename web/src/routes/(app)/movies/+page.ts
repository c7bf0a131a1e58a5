import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import { monitoredQuery, PAGE_SIZE, readListParams } from '$lib/components/library/list-params';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
	const params = readListParams(url);
	const [movies, libraries] = await Promise.all([
		api
			.GET('/api/v1/movies', {
				params: {
					query: {
						page: params.page,
						page_size: PAGE_SIZE,
						search: params.search || undefined,
						library: params.library || undefined,
						// Movies have titles where shows have names.
						sort: params.sort === 'name' ? 'title' : params.sort,
						order: params.order,
						has_file: params.status ? params.status === 'on-disk' : undefined,
						monitored: monitoredQuery(params)
					}
				}
			})
			.then(unwrap),
		api.GET('/api/v1/libraries').then(unwrap)
	]);
	return { params, movies, libraries: libraries.movies.map((l) => l.name) };
};
