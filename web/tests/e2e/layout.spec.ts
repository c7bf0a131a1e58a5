import { expect, test } from './fixtures';

const isDark = (page: import('@playwright/test').Page) =>
	page.evaluate(() => document.documentElement.classList.contains('dark'));

test('the theme follows the system until chosen in the account menu, and stays chosen', async ({
	page
}) => {
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
	expect(await isDark(page)).toBe(true);

	await page.getByRole('button', { name: 'Account menu' }).click();
	const themes = page.getByRole('group', { name: 'Theme' });
	await expect(themes.getByRole('menuitemradio', { name: 'System' })).toHaveAttribute(
		'aria-checked',
		'true'
	);
	await themes.getByRole('menuitemradio', { name: 'Light' }).click();
	expect(await isDark(page)).toBe(false);
	await page.keyboard.press('Escape');

	await page.reload();
	await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
	expect(await isDark(page)).toBe(false);
	// The system changing does not override a choice...
	await page.emulateMedia({ colorScheme: 'light' });
	await page.emulateMedia({ colorScheme: 'dark' });
	expect(await isDark(page)).toBe(false);

	// ...but "System" follows it again, live.
	await page.getByRole('button', { name: 'Account menu' }).click();
	await page.getByRole('menuitemradio', { name: 'System' }).click();
	expect(await isDark(page)).toBe(true);
	await page.emulateMedia({ colorScheme: 'light' });
	await expect.poll(() => isDark(page)).toBe(false);
	expect(await page.evaluate(() => localStorage.getItem('mm-theme'))).toBeNull();
});

test('the first Tab reaches a skip link that moves focus to the content', async ({ page }) => {
	await page.goto('/tv');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to content' });
	await expect(skip).toBeFocused();
	await expect(skip).toBeInViewport();
	await page.keyboard.press('Enter');
	await expect(page.locator('main#main')).toBeFocused();
});

test('a thin bar shows while the next page loads', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
	const progress = page.getByTestId('navigation-progress');
	await expect(progress).toHaveCount(0);
	// The movie list answers slowly, so the bar is there long enough to see.
	await page.route('**/api/v1/movies?*', async (route) => {
		await new Promise((r) => setTimeout(r, 1500));
		await route.continue();
	});
	await page.getByRole('link', { name: 'Movies' }).first().click();
	await expect(progress).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: 'Movies' })).toBeVisible();
	await expect(progress).toHaveCount(0);
});
