import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => ({
	setup: unwrap(await api.GET('/api/v1/system/setup'))
});
