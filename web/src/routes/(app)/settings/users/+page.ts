import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
	const waiting = url.searchParams.get('waiting') === '1';
	const users = unwrap(
		await api.GET('/api/v1/users', {
			params: { query: { page: 1, page_size: 100, is_active: waiting ? false : undefined } }
		})
	);
	return { users, waiting };
};
