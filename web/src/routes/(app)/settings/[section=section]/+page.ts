import { SECTION_BY_KEY } from '$lib/components/settings/sections';
import { settingsApi } from '$lib/components/settings/settings-api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, depends }) => {
	depends('app:settings');
	const section = SECTION_BY_KEY[params.section];
	if (section.kind === 'collection') {
		return { key: section.key, entries: await settingsApi.list(section.key), values: null };
	}
	return { key: section.key, entries: [], values: await settingsApi.values(section.key) };
};
