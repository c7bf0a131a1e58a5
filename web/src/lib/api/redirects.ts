/** Where the app sends people around signing in; pure, so it is unit-tested. */

export const AUTH_PAGES = ['/login', '/signup', '/forgot-password', '/reset-password', '/pending'];

export function isAuthPage(pathname: string): boolean {
	return AUTH_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** The login page, remembering the page to come back to. */
export function loginHref(from: URL): string {
	if (isAuthPage(from.pathname)) return '/login';
	const back = from.pathname + from.search;
	return back === '/' ? '/login' : `/login?redirect=${encodeURIComponent(back)}`;
}

/** Where to go after signing in: the remembered page if it is one of ours, else the dashboard. */
export function afterLogin(redirect: string | null): string {
	// "//host" and "/\host" are other sites to a browser; only plain paths of this app count.
	if (!redirect || !redirect.startsWith('/') || /^\/[/\\]/.test(redirect)) return '/';
	if (isAuthPage(new URL(redirect, 'http://x').pathname)) return '/';
	return redirect;
}
