import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';

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

/** A settings section with its list of entries and the add/edit dialog. */
export class SettingsPage {
	constructor(readonly page: Page) {}

	async open(section: string) {
		await this.page.goto(`/settings/${section}`);
	}

	/** Fills the dialog's fields by their labels; `undefined` leaves a field as it is. */
	async fillDialog(fields: Record<string, string>) {
		const dialog = this.page.getByRole('dialog');
		for (const [label, value] of Object.entries(fields)) {
			await dialog.getByLabel(label, { exact: true }).fill(value);
		}
	}

	async add(noun: string, fields: Record<string, string>) {
		await this.page.getByRole('button', { name: `Add ${noun}` }).click();
		await this.fillDialog(fields);
		await this.page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
	}

	entry(name: string) {
		return this.page.getByTestId('settings-entry').filter({ hasText: name });
	}

	fieldError(field: string) {
		return this.page.locator(`[data-field="${field}"]`).getByTestId('field-error');
	}
}

/** A show's page, with its per-season interactive search. */
export class ShowPage {
	constructor(readonly page: Page) {}

	async openByName(name: string) {
		await this.page.goto(`/tv?search=${encodeURIComponent(name)}`);
		await this.page.getByTestId('media-card').filter({ hasText: name }).click();
		await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible();
	}

	async searchSeason(name: string) {
		await this.page
			.getByTestId('season')
			.filter({ has: this.page.getByRole('heading', { name }) })
			.getByRole('button', { name: 'Search season' })
			.click();
		return this.page.getByRole('dialog');
	}
}

/** A show's or a movie's page, with the edit and rename dialogs both have. */
export class ItemPage {
	constructor(readonly page: Page) {}

	async open(kind: 'tv' | 'movies', name: string) {
		await this.page.goto(`/${kind}?search=${encodeURIComponent(name)}`);
		await this.page.getByTestId('media-card').filter({ hasText: name }).click();
		await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible();
	}

	/** Picks `option` in the open dialog's select labelled `label`. */
	async choose(label: string, option: string) {
		await this.page.getByRole('dialog').getByLabel(label, { exact: true }).click();
		await this.page.getByRole('option', { name: option, exact: true }).click();
	}

	async edit(change: { library?: string; profile?: string }) {
		await this.page.getByRole('button', { name: 'Edit', exact: true }).click();
		if (change.library) await this.choose('Library', change.library);
		if (change.profile) await this.choose('Quality profile', change.profile);
		await this.page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
		await expect(this.page.getByRole('dialog')).toBeHidden();
	}

	async openRename() {
		await this.page.getByRole('button', { name: 'Rename files' }).click();
		return this.page.getByRole('dialog');
	}
}

export const test = base.extend<{
	loginPage: LoginPage;
	signupPage: SignupPage;
	settingsPage: SettingsPage;
	showPage: ShowPage;
	itemPage: ItemPage;
}>({
	loginPage: async ({ page }, use) => use(new LoginPage(page)),
	signupPage: async ({ page }, use) => use(new SignupPage(page)),
	settingsPage: async ({ page }, use) => use(new SettingsPage(page)),
	showPage: async ({ page }, use) => use(new ShowPage(page)),
	itemPage: async ({ page }, use) => use(new ItemPage(page))
});

/** The stand-in indexer of standins.py, with the key it wants. */
export const INDEXER = {
	name: 'Local',
	url: () => process.env.E2E_INDEXER_URL ?? '',
	apiKey: 'indexer-key-0123456789'
};

/** Adds the stand-in indexer unless there (first-run.spec.ts adds it through the UI). */
export async function ensureIndexer(request: APIRequestContext) {
	const listed = await request.get('/api/v1/settings/indexers');
	const names = ((await listed.json()) as { name: string }[]).map((i) => i.name);
	if (!names.includes(INDEXER.name)) {
		const created = await request.post('/api/v1/settings/indexers', {
			data: { name: INDEXER.name, url: INDEXER.url(), api_key: INDEXER.apiKey }
		});
		expect(created.status()).toBe(201);
	}
}

/** The real qBittorrent that standins.py starts on loopback, with its Web UI account. */
export function qbittorrent(): { url: string; username: string; password: string } {
	return JSON.parse(process.env.E2E_QBITTORRENT ?? '{}');
}

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

/** Elements wider than the viewport (a phone layout must have none), named for the message. */
export async function overflowing(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		[...document.querySelectorAll('body *')]
			.filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
			// Content of a scroll box that fits the screen (a row of tabs) does not widen the page.
			.filter((el) => {
				for (let box = el.parentElement; box; box = box.parentElement) {
					const overflowX = getComputedStyle(box).overflowX;
					if (overflowX === 'auto' || overflowX === 'scroll')
						return box.getBoundingClientRect().right > innerWidth + 1;
				}
				return true;
			})
			.filter((el) => getComputedStyle(el).position !== 'fixed')
			.slice(0, 5)
			.map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 120))
	);
}

/** Runs a seeding script of this folder against the running server's database; its output. */
export function seed(script: string, ...args: string[]): string {
	const repo = resolve(import.meta.dirname, '..', '..', '..');
	const result = spawnSync(
		join(process.env.E2E_PYTHON_BIN ?? '', 'python'),
		[join(import.meta.dirname, script), ...args],
		{
			cwd: repo,
			encoding: 'utf8',
			env: {
				...process.env,
				PYTHONPATH: repo,
				MEDIAMANAGER_DATA_DIR: process.env.E2E_DATA_DIR ?? ''
			}
		}
	);
	if (result.status !== 0) throw new Error(`${script} failed:\n${result.stderr}`);
	return result.stdout;
}
