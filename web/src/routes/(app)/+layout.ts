import { redirect } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { Forbidden, NotSignedIn, unwrap } from '$lib/api/errors';
import { loginHref } from '$lib/api/redirects';
import type { LayoutLoad } from './$types';

// Every signed-in page needs the current user, and only that.
export const load: LayoutLoad = async ({ url }) => {
	try {
		const user = unwrap(await api.GET('/api/v1/users/me'));
		return { user };
	} catch (e) {
		if (e instanceof NotSignedIn) redirect(307, loginHref(url));
		if (e instanceof Forbidden) redirect(307, '/pending');
		throw e;
	}
};
