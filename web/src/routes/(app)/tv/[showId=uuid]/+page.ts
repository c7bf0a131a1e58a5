import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, depends }) => {
	depends('app:show');
	const path = { params: { path: { show_id: params.showId } } };
	const [show, files] = await Promise.all([
		api.GET('/api/v1/tv/shows/{show_id}', path).then(unwrap),
		api.GET('/api/v1/tv/shows/{show_id}/files', path).then(unwrap)
	]);
	return { show, files };
};
