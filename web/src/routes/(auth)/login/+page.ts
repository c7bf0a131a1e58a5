import { redirect } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
	// The OIDC callback sends accounts that wait for approval here with ?pending=1.
	if (url.searchParams.has('pending')) redirect(307, '/pending');
	const { data } = await api.GET('/api/v1/auth/oidc').catch(() => ({ data: undefined }));
	return { oidc: data?.enabled ? data : null };
};
