import { readFileSync } from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';

export const ADMIN = { email: 'admin@example.com', password: 'first admin password' };
export const ADMIN_STATE = 'test-results/.auth/admin.json';
export const SIGNED_OUT = { cookies: [], origins: [] };

/** The sign-in page as the tests use it. */
export class LoginPage {
	constructor(readonly page: Page) {}

	async signIn(email: string, password: string) {
		await this.page.getByLabel('Email').fill(email);
		await this.page.getByLabel('Password', { exact: true }).fill(password);
		await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
	}
}

/** The sign-up page as the tests use it. */
export class SignupPage {
	constructor(readonly page: Page) {}

	async signUp(email: string, password: string) {
		await this.page.goto('/signup');
		await this.page.getByLabel('Email').fill(email);
		await this.page.getByLabel('Password', { exact: true }).fill(password);
		await this.page.getByLabel('Repeat the password').fill(password);
		await this.page.getByRole('button', { name: 'Sign up' }).click();
	}
}

export const test = base.extend<{ loginPage: LoginPage; signupPage: SignupPage }>({
	loginPage: async ({ page }, use) => use(new LoginPage(page)),
	signupPage: async ({ page }, use) => use(new SignupPage(page))
});

export { expect };

/** The last password-reset link the server logged for `email` (no SMTP in these tests). */
export function resetLinkFromServerLog(email: string): string {
	const log = readFileSync(process.env.E2E_SERVER_LOG ?? '', 'utf8');
	const lines = log
		.split('\n')
		.filter((l) => l.includes(email) && l.includes('reset-password?token='));
	const match = lines.at(-1)?.match(/https?:\/\/\S+\/reset-password\?token=\S+/);
	if (!match) throw new Error(`no reset link for ${email} in the server log`);
	return match[0];
}
