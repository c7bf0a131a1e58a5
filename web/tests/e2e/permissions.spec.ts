import type { Browser, Page } from '@playwright/test';
import { expect, SIGNED_OUT, test } from './fixtures';

// An approved account without the administrator role (made by the admin, whose session is the
// default page of these tests).
const USER = { email: 'viewer@example.com', password: 'viewer password 123' };

let viewer: Page;

async function signedInViewer(browser: Browser, admin: Page): Promise<Page> {
	const created = await admin.request.post('/api/v1/auth/register', { data: USER });
	expect([201, 400]).toContain(created.status());
	if (created.status() === 201) {
		const { id } = await created.json();
		const approved = await admin.request.patch(`/api/v1/users/${id}`, {
			data: { is_active: true }
		});
		expect(approved.ok(), await approved.text()).toBe(true);
	}
	const context = await browser.newContext({ storageState: SIGNED_OUT });
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('Email').fill(USER.email);
	await page.getByLabel('Password', { exact: true }).fill(USER.password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
	return page;
}

test.beforeAll(async ({ browser }) => {
	const adminContext = await browser.newContext();
	viewer = await signedInViewer(browser, await adminContext.newPage());
	await adminContext.close();
});

test.afterAll(async () => {
	await viewer.context().close();
});

test('a non-admin sees no admin pages in the navigation or the account menu', async () => {
	for (const width of [1280, 390]) {
		await viewer.setViewportSize({ width, height: 800 });
		await viewer.goto('/');
		const nav = viewer.getByRole('navigation', { name: 'Main' }).locator('visible=true');
		await expect(nav.getByRole('link', { name: 'TV' })).toBeVisible();
		for (const name of ['Settings', 'System', 'Users']) {
			await expect(viewer.getByRole('link', { name, exact: true })).toHaveCount(0);
		}
	}
	await viewer.getByRole('button', { name: 'Account menu' }).click();
	await expect(viewer.getByRole('menuitem', { name: 'Account' })).toBeVisible();
	await expect(viewer.getByRole('menuitem', { name: 'Import existing library' })).toHaveCount(0);
	await viewer.keyboard.press('Escape');
});

test('a non-admin opening an admin page directly is refused or sent away', async () => {
	await viewer.setViewportSize({ width: 1280, height: 800 });
	for (const path of ['/settings', '/settings/indexers', '/settings/users']) {
		await viewer.goto(path);
		await expect(viewer.getByRole('heading', { level: 1, name: '403' })).toBeVisible();
		await expect(viewer.getByText('Only administrators can change the settings')).toBeVisible();
	}
	for (const path of ['/system', '/library/import']) {
		await viewer.goto(path);
		await expect(viewer).toHaveURL('/');
		await expect(viewer.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
	}
});

test("the admin API answers a non-admin's session with 403", async () => {
	const calls: [string, string][] = [
		['GET', '/api/v1/settings/indexers'],
		['GET', '/api/v1/settings/download-clients'],
		['GET', '/api/v1/users'],
		['GET', '/api/v1/system/health'],
		['GET', '/api/v1/system/jobs'],
		['GET', '/api/v1/system/backups'],
		['GET', '/api/v1/library/scan'],
		['POST', '/api/v1/settings/indexers']
	];
	for (const [method, path] of calls) {
		const response = await viewer.request.fetch(path, { method, data: {} });
		expect(response.status(), `${method} ${path}`).toBe(403);
	}
	// Their own things still work.
	expect((await viewer.request.get('/api/v1/users/me')).status()).toBe(200);
	expect((await viewer.request.get('/api/v1/tv/shows')).status()).toBe(200);
});
