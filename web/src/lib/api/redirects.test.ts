import { describe, expect, it } from 'vitest';
import { afterLogin, isAuthPage, loginHref } from './redirects';

describe('loginHref', () => {
	it('remembers the page and its query', () => {
		expect(loginHref(new URL('http://h/tv?search=lost&page=2'))).toBe(
			'/login?redirect=%2Ftv%3Fsearch%3Dlost%26page%3D2'
		);
	});

	it('needs no redirect for the dashboard or from an auth page', () => {
		expect(loginHref(new URL('http://h/'))).toBe('/login');
		expect(loginHref(new URL('http://h/reset-password?token=t'))).toBe('/login');
	});
});

describe('afterLogin', () => {
	it.each([
		['/tv?page=2', '/tv?page=2'],
		[null, '/'],
		['', '/'],
		['https://evil.example/', '/'],
		['//evil.example/', '/'],
		['/\\evil.example/', '/'],
		['/login', '/'],
		['/signup?x=1', '/']
	])('%s → %s', (redirect, expected) => {
		expect(afterLogin(redirect)).toBe(expected);
	});
});

describe('isAuthPage', () => {
	it('knows the auth pages, not their look-alikes', () => {
		expect(isAuthPage('/login')).toBe(true);
		expect(isAuthPage('/pending')).toBe(true);
		expect(isAuthPage('/loginx')).toBe(false);
		expect(isAuthPage('/tv')).toBe(false);
	});
});
