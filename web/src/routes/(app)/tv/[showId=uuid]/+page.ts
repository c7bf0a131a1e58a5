import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, depends }) => {
	depends('app:show');
	const show = unwrap(
		await api.GET('/api/v1/tv/shows/{show_id}', { params: { path: { show_id: params.showId } } })
	);
	return { show };
};
