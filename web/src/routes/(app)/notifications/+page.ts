import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
	const unreadOnly = url.searchParams.get('unread') === '1';
	const list = unwrap(
		await api.GET('/api/v1/notifications', {
			params: { query: { page: 1, page_size: 100, unread_only: unreadOnly } }
		})
	);
	return { list, unreadOnly };
};
