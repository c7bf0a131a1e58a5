import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { PageLoad } from './$types';

export type ActivityTab = 'queue' | 'history' | 'imports' | 'blocked' | 'blocklist';
const TABS: ActivityTab[] = ['queue', 'history', 'imports', 'blocked', 'blocklist'];
const query = { page: 1, page_size: 100 };

// Only the open tab's list is loaded; the queue then keeps itself fresh by polling.
export const load: PageLoad = async ({ url }) => {
	const asked = url.searchParams.get('tab') as ActivityTab;
	const tab = TABS.includes(asked) ? asked : 'queue';
	const [queue, history, imports, blocked, blocklist] = await Promise.all([
		tab === 'queue' ? api.GET('/api/v1/activity/queue', { params: { query } }).then(unwrap) : null,
		tab === 'history'
			? api.GET('/api/v1/activity/history', { params: { query } }).then(unwrap)
			: null,
		tab === 'imports'
			? api.GET('/api/v1/activity/imports', { params: { query } }).then(unwrap)
			: null,
		tab === 'blocked'
			? api.GET('/api/v1/activity/imports/blocked', { params: { query } }).then(unwrap)
			: null,
		tab === 'blocklist'
			? api.GET('/api/v1/activity/blocklist', { params: { query } }).then(unwrap)
			: null
	]);
	return { tab, queue, history, imports, blocked, blocklist };
};
