import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, depends }) => {
	depends('app:movie');
	const path = { params: { path: { movie_id: params.movieId } } };
	const [movie, files] = await Promise.all([
		api.GET('/api/v1/movies/{movie_id}', path).then(unwrap),
		api.GET('/api/v1/movies/{movie_id}/files', path).then(unwrap)
	]);
	return { movie, files };
};
