import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { PageLoad } from './$types';

// Profiles and rules are few (tens); one page of 500 is all of them.
const ALL = { params: { query: { page_size: 500 } } };

export const load: PageLoad = async ({ depends }) => {
	depends('app:profiles');
	const [profiles, rules, qualities] = await Promise.all([
		api.GET('/api/v1/profiles', ALL).then(unwrap),
		api.GET('/api/v1/scoring-rules', ALL).then(unwrap),
		api.GET('/api/v1/profiles/qualities').then(unwrap)
	]);
	return { profiles: profiles.items, rules: rules.items, qualities };
};
