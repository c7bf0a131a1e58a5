import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { PageLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageLoad = async ({ url }) => {
	const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
	const changes = unwrap(
		await api.GET('/api/v1/settings/changes', { params: { query: { page, page_size: PAGE_SIZE } } })
	);
	return { changes, page, pageSize: PAGE_SIZE };
};
