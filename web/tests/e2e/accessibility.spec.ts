import { expect, SIGNED_OUT, test } from './fixtures';
import { seriousA11yProblems } from './a11y';

// The main pages, each with a heading to wait for before axe looks at it.
const PAGES: [path: string, heading: string | RegExp][] = [
	['/', 'Dashboard'],
	['/tv', 'TV'],
	['/movies', 'Movies'],
	['/activity', 'Activity'],
	['/wanted', 'Wanted'],
	['/calendar', 'Calendar'],
	['/notifications', 'Notifications'],
	['/settings', 'Settings'],
	['/system', 'System']
];

for (const scheme of ['light', 'dark'] as const) {
	test.describe(`${scheme} theme`, () => {
		test.beforeEach(async ({ page }) => {
			await page.emulateMedia({ colorScheme: scheme });
		});

		for (const [path, heading] of PAGES) {
			test(`${path} has no serious accessibility problems`, async ({ page }) => {
				await page.goto(path);
				await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
				await page.waitForLoadState('networkidle');
				const dark = await page.evaluate(() => document.documentElement.classList.contains('dark'));
				expect(dark).toBe(scheme === 'dark');
				expect(await seriousA11yProblems(page)).toEqual([]);
			});
		}

		test.describe('signed out', () => {
			test.use({ storageState: SIGNED_OUT });

			test('/login has no serious accessibility problems', async ({ page }) => {
				await page.goto('/login');
				await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
				expect(await seriousA11yProblems(page)).toEqual([]);
			});
		});
	});
}
