import { redirect } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import { pageParam } from '$lib/components/wanted/wanted';
import { SCAN_PAGE_SIZE, tabParam } from '$lib/components/library-import/library-import';
import type { PageLoad } from './$types';

// Administrators only: scanning and importing the library are admin routes.
export const load: PageLoad = async ({ parent, url, depends }) => {
	const { user } = await parent();
	if (!user.is_superuser) redirect(307, '/');
	depends('app:library-scan');
	const status = tabParam(url.searchParams.get('status'));
	const page = pageParam(url);
	const [folders, jobs, profiles] = await Promise.all([
		api
			.GET('/api/v1/library/scan', {
				params: { query: { status, page, page_size: SCAN_PAGE_SIZE } }
			})
			.then(unwrap),
		api.GET('/api/v1/system/jobs').then(unwrap),
		api.GET('/api/v1/profiles', { params: { query: { page: 1, page_size: 100 } } }).then(unwrap)
	]);
	return { status, page, folders, jobs, profiles: profiles.items.map((p) => p.name) };
};
