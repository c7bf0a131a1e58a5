import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seriousA11yProblems } from './a11y';
import { expect, overflowing, test } from './fixtures';

// A show folder of an existing library, tagged with the id of the TMDB stand-in's show
// (standins.py), in the default TV library of the test server (paths.tv = DATA_DIR/tv).
const FOLDER = 'Shelf Archive (2008) [tmdbid-515151]';

test.beforeAll(() => {
	const season = join(process.env.E2E_DATA_DIR ?? '', 'tv', FOLDER, 'Season 01');
	mkdirSync(season, { recursive: true });
	writeFileSync(join(season, 'Shelf Archive - S01E01 - Pilot.mkv'), Buffer.alloc(4096));
});

test('a scan lists a library folder and the bulk import adds its show', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Account menu' }).click();
	await page.getByRole('menuitem', { name: 'Import existing library' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Import an existing library' })
	).toBeVisible();

	await page.getByRole('button', { name: 'Scan library folders' }).click();
	await expect(page.getByText('The scan is done')).toBeVisible({ timeout: 20_000 });
	const row = page.getByTestId('scan-folder').filter({ hasText: FOLDER });
	await expect(row.getByTestId('scan-match')).toContainText('Shelf Archive (2008)');
	await expect(row.getByTestId('scan-match')).toContainText('tmdb 515151');
	await expect(row).toContainText('id tag');
	await page.screenshot({ path: 'test-results/screenshots/library-import.png', fullPage: true });
	await expect(row.getByRole('checkbox', { name: `Import ${FOLDER}` })).toBeChecked();
	expect(await seriousA11yProblems(page)).toEqual([]);

	// Another match by a search of the metadata source, then back to the right one.
	await row.getByRole('button', { name: `Change the match of ${FOLDER}` }).click();
	const dialog = page.getByRole('dialog');
	await dialog.getByLabel('Search TMDB').fill('Stand-in');
	await dialog.getByRole('button', { name: 'Search' }).click();
	await dialog.getByRole('button', { name: /^Use Stand-in Chronicles/ }).click();
	await expect(row.getByTestId('scan-match')).toContainText('Stand-in Chronicles');
	await expect(row).toContainText('chosen by you');
	await row.getByRole('button', { name: `Change the match of ${FOLDER}` }).click();
	await dialog.getByLabel('Search TMDB').fill('Shelf Archive');
	await dialog.getByRole('button', { name: 'Search' }).click();
	await expect(dialog.getByTestId('match-result')).toHaveCount(1);
	expect(await seriousA11yProblems(page)).toEqual([]);
	await dialog.getByRole('button', { name: /^Use Shelf Archive/ }).click();
	await expect(row.getByTestId('scan-match')).toContainText('Shelf Archive');

	// Only this folder: others of the test library are not this test's business.
	const all = page.getByRole('checkbox', { name: 'All with a match' });
	await all.check();
	await all.uncheck();
	await expect(page.getByRole('button', { name: /^Import selected/ })).toHaveText(
		'Import selected (0)'
	);
	await row.getByRole('checkbox', { name: `Import ${FOLDER}` }).click();
	await page.getByRole('button', { name: 'Import selected (1)' }).click();
	await expect(page.getByText('The import is done')).toBeVisible({ timeout: 20_000 });
	await expect(row).toHaveCount(0);

	await page.getByRole('link', { name: 'Added' }).click();
	const added = page.getByTestId('scan-folder').filter({ hasText: FOLDER });
	await expect(added).toContainText('1 file recorded');

	await page.goto(`/tv?search=${encodeURIComponent('Shelf Archive')}`);
	await expect(page.getByTestId('media-card').filter({ hasText: 'Shelf Archive' })).toBeVisible();
});

test('the import page fits a phone screen', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/library/import?status=added');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	expect(await overflowing(page)).toEqual([]);
});
