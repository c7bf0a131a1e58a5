import { error } from '@sveltejs/kit';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ parent }) => {
	const { user } = await parent();
	if (!user.is_superuser) error(403, 'Only administrators can change the settings');
	return {};
};
