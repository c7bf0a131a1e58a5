import { api } from './client';
import { unwrap } from './errors';

/** Signs in with email and password; the session lives in an HTTP-only cookie. */
export async function signIn(email: string, password: string): Promise<void> {
	unwrap(
		await api.POST('/api/v1/auth/cookie/login', {
			body: { username: email, password, scope: '' },
			// The OAuth2-style login route takes form fields, not JSON.
			bodySerializer: (body) =>
				new URLSearchParams({ username: body.username, password: body.password }),
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
		})
	);
}
