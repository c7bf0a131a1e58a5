import { expect, SIGNED_OUT, test } from './fixtures';

// Pictures of the main pages for people reviewing a change (CI uploads the folder as an
// artifact; never committed).
const PAGES: [name: string, path: string, heading: string][] = [
	['dashboard', '/', 'Dashboard'],
	['tv', '/tv', 'TV'],
	['movies', '/movies', 'Movies'],
	['activity', '/activity', 'Activity'],
	['wanted', '/wanted', 'Wanted'],
	['calendar', '/calendar', 'Calendar'],
	['notifications', '/notifications', 'Notifications'],
	['settings', '/settings', 'Settings'],
	['system', '/system', 'System']
];
const WIDTHS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const FOLDER = 'test-results/screenshots';

for (const [device, size] of Object.entries(WIDTHS)) {
	test(`screenshots of the main pages at ${device} width`, async ({ page }) => {
		await page.setViewportSize(size);
		for (const [name, path, heading] of PAGES) {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
			await page.waitForLoadState('networkidle');
			await page.screenshot({ path: `${FOLDER}/${name}-${device}.png`, fullPage: true });
		}
	});

	test.describe('signed out', () => {
		test.use({ storageState: SIGNED_OUT });

		test(`screenshot of the sign-in page at ${device} width`, async ({ page }) => {
			await page.setViewportSize(size);
			await page.goto('/login');
			await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
			await page.screenshot({ path: `${FOLDER}/login-${device}.png`, fullPage: true });
		});
	});
}
