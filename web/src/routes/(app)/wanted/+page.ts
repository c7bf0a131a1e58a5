import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import { pageParam, WANTED_PAGE_SIZE, type WantedTab } from '$lib/components/wanted/wanted';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
	const tab: WantedTab = url.searchParams.get('tab') === 'cutoff' ? 'cutoff' : 'missing';
	const page = pageParam(url);
	const query = { page, page_size: WANTED_PAGE_SIZE };
	const [list, decisions] = await Promise.all([
		tab === 'missing'
			? api.GET('/api/v1/wanted/missing', { params: { query } }).then(unwrap)
			: api.GET('/api/v1/wanted/cutoff', { params: { query } }).then(unwrap),
		api
			.GET('/api/v1/automation/decisions', { params: { query: { page: 1, page_size: 20 } } })
			.then(unwrap)
	]);
	return { tab, page, list, decisions };
};
