import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import { PAGE_SIZE, readListParams } from '$lib/components/library/list-params';
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
						library: params.library || undefined
					}
				}
			})
			.then(unwrap),
		api.GET('/api/v1/libraries').then(unwrap)
	]);
	return { params, movies, libraries: libraries.movies.map((l) => l.name) };
};
