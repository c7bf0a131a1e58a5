/** The one API client of the app, typed from the backend's OpenAPI description. */
import { goto } from '$app/navigation';
import { navigating, page } from '$app/state';
import createClient, { type Middleware } from 'openapi-fetch';
import { isAuthPage, loginHref } from './redirects';
import type { paths } from './schema';

// A 401 anywhere (a session that expired or was signed out elsewhere) leads to the login page.
// During a navigation the newest navigation wins, so a failing load never shows its error.
const toLoginOn401: Middleware = {
	onResponse({ request, response }) {
		if (response.status !== 401) return;
		if (new URL(request.url).pathname.startsWith('/api/v1/auth/')) return;
		// Where the user is going (during a navigation) or is; nothing before the first page
		// shows: the first load is redirected by the (app) layout's load itself.
		const target = navigating.to?.url ?? (page.route.id ? page.url : null);
		if (!target || isAuthPage(target.pathname)) return;
		try {
			goto(loginHref(target), { replaceState: true }).catch(ignore);
		} catch {
			// Before the router has started (the first load), the load's redirect handles it.
		}
	}
};

function ignore(): void {}

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(toLoginOn401);
