/** The one API client of the app, typed from the backend's OpenAPI description. */
import { goto } from '$app/navigation';
import { page } from '$app/state';
import createClient, { type Middleware } from 'openapi-fetch';
import { isAuthPage, loginHref } from './redirects';
import type { paths } from './schema';

// A 401 anywhere (a session that expired or was signed out elsewhere) leads to the login page.
// Loads also throw a redirect themselves (see (app)/+layout.ts): during a navigation, the
// newest navigation wins, so the two never show both.
const toLoginOn401: Middleware = {
	onResponse({ request, response }) {
		if (response.status !== 401) return;
		if (new URL(request.url).pathname.startsWith('/api/v1/auth/')) return;
		if (isAuthPage(page.url.pathname)) return;
		try {
			goto(loginHref(page.url), { replaceState: true }).catch(ignore);
		} catch {
			// Before the router has started (the first load), the load's redirect handles it.
		}
	}
};

function ignore(): void {}

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(toLoginOn401);
