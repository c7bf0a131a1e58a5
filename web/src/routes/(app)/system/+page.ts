import { redirect } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { PageLoad } from './$types';

// Administrators only: health, jobs and backups are all admin routes.
export const load: PageLoad = async ({ parent }) => {
	const { user } = await parent();
	if (!user.is_superuser) redirect(307, '/');
	const [health, jobs, backups] = await Promise.all([
		api.GET('/api/v1/system/health').then(unwrap),
		api.GET('/api/v1/system/jobs').then(unwrap),
		api.GET('/api/v1/system/backups').then(unwrap)
	]);
	return { health, jobs, backups };
};
