/** What every add page loads: the library names of its kind and the quality profiles. */
import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';

export async function loadAddOptions(kind: 'tv' | 'movies') {
	const [libraries, profiles] = await Promise.all([
		api.GET('/api/v1/libraries').then(unwrap),
		api.GET('/api/v1/profiles', { params: { query: { page: 1, page_size: 100 } } }).then(unwrap)
	]);
	return {
		libraries: libraries[kind].map((l) => l.name),
		profiles: profiles.items.map((p) => p.name)
	};
}
