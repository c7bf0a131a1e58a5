import { redirect } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import { LOG_LEVELS, readLevel } from '$lib/components/system/log-levels';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, depends }) => {
	depends('app:logs');
	const { user } = await parent();
	if (!user.is_superuser) redirect(307, '/');
	const level = readLevel(url);
	const records = unwrap(
		await api.GET('/api/v1/system/logs', { params: { query: { level, limit: 500 } } })
	);
	return { level, levels: LOG_LEVELS, records };
};
