import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, depends }) => {
	depends('app:movie');
	const movie = unwrap(
		await api.GET('/api/v1/movies/{movie_id}', { params: { path: { movie_id: params.movieId } } })
	);
	return { movie };
};
