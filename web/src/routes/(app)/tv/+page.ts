import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import { monitoredQuery, PAGE_SIZE, readListParams } from '$lib/components/library/list-params';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
	const params = readListParams(url);
	const [shows, libraries] = await Promise.all([
		api
			.GET('/api/v1/tv/shows', {
				params: {
					query: {
						page: params.page,
						page_size: PAGE_SIZE,
						search: params.search || undefined,
						library: params.library || undefined,
						sort: params.sort,
						order: params.order,
						status:
							params.status === 'continuing' || params.status === 'ended'
								? params.status
								: undefined,
						monitored: monitoredQuery(params)
					}
				}
			})
			.then(unwrap),
		api.GET('/api/v1/libraries').then(unwrap)
	]);
	return { params, shows, libraries: libraries.tv.map((l) => l.name) };
};
