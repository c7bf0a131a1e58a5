import { expectNoAxeViolations } from './a11y';
import { expect, overflowing, test } from './fixtures';

test('a quality profile is created from the keyboard, with errors shown on their fields', async ({
	page
}) => {
	await page.goto('/settings/profiles');
	await expect(page.getByRole('heading', { name: 'Quality profiles' })).toBeVisible();
	await expectNoAxeViolations(page);

	await page.getByRole('button', { name: 'Add profile' }).click();
	const dialog = page.getByRole('dialog');
	await expect(dialog.getByRole('heading', { name: 'Add quality profile' })).toBeVisible();
	await dialog.getByLabel('Name', { exact: true }).fill('E2E UHD');
	// The form starts with the 1080p qualities; add 2160p from the keyboard.
	await dialog.getByRole('checkbox', { name: 'Bluray-2160p' }).focus();
	await page.keyboard.press('Space');
	await expect(dialog.getByRole('checkbox', { name: 'Bluray-2160p' })).toBeChecked();
	await dialog.getByLabel('Minimum seeders').fill('-1');
	await dialog.getByLabel('Scored words').fill('x265=10, hdr');
	await dialog.getByRole('button', { name: 'Save' }).click();
	// Checked in the browser before anything is sent.
	await expect(
		dialog.locator('[data-field="preferred_words"]').getByTestId('field-error')
	).toHaveText('"hdr" is not word=score (a whole number)');

	await dialog.getByLabel('Scored words').fill('x265=10, hdr=5');
	await dialog.getByRole('button', { name: 'Save' }).click();
	// Refused by the server, shown on its field.
	await expect(
		dialog.locator('[data-field="min_seeders"]').getByTestId('field-error')
	).toContainText('greater than or equal to 0');
	await expectNoAxeViolations(page, '[role="dialog"]');

	await dialog.getByLabel('Minimum seeders').fill('3');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(dialog).toBeHidden();
	const entry = page.getByTestId('profile-entry').filter({ hasText: 'E2E UHD' });
	await expect(entry).toContainText('Bluray-2160p, Bluray-1080p, WEBDL-1080p +2');

	// Edited: the saved values come back into the form.
	await entry.getByRole('button', { name: 'Edit E2E UHD' }).click();
	await expect(dialog.getByLabel('Scored words')).toHaveValue('x265=10, hdr=5');
	await expect(dialog.getByLabel('Minimum seeders')).toHaveValue('3');
	await dialog.getByLabel('Name', { exact: true }).fill('E2E UHD renamed');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(
		page.getByTestId('profile-entry').filter({ hasText: 'E2E UHD renamed' })
	).toBeVisible();

	// Deleted.
	await page.getByRole('button', { name: 'Delete E2E UHD renamed' }).click();
	await page.getByRole('button', { name: 'Delete', exact: true }).click();
	await expect(page.getByTestId('profile-entry').filter({ hasText: 'E2E UHD' })).toHaveCount(0);
});

test('a scoring rule is added and listed with its score', async ({ page }) => {
	await page.goto('/settings/profiles');
	await page.getByRole('button', { name: 'Add scoring rule' }).click();
	const dialog = page.getByRole('dialog');
	await dialog.getByLabel('Name', { exact: true }).fill('E2E HEVC');
	await dialog.getByLabel('Keywords').fill('x265, hevc');
	await dialog.getByLabel('Score', { exact: true }).fill('-15');
	await dialog.getByRole('button', { name: 'Save' }).click();
	const entry = page.getByTestId('rule-entry').filter({ hasText: 'E2E HEVC' });
	await expect(entry).toContainText('x265, hevc');
	await expect(entry).toContainText('-15');
});

test('the naming preview follows the templates as they are typed', async ({ page }) => {
	await page.goto('/settings/import');
	const preview = page.getByTestId('naming-preview');
	await expect(preview.getByTestId('naming-preview-episode')).toHaveText(
		'Northern Lights - The Story (2019) [tmdbid-81234]/Season 01/Northern Lights - The Story - S01E03 - The Long Night [WEBDL-1080p].mkv'
	);
	await expectNoAxeViolations(page);

	const episodeFile = page.getByLabel('Episode file');
	await episodeFile.fill('{title} {season}x{episode:02}');
	await expect(preview.getByTestId('naming-preview-episode')).toHaveText(
		/\/Season 01\/Northern Lights - The Story 1x03\.mkv$/
	);
	await expect(preview.getByTestId('naming-preview-multi_episode')).toHaveText(
		/\/Northern Lights - The Story 1x04-E05\.mkv$/
	);

	await episodeFile.pressSequentially(' {bogus}');
	await expect(preview.getByTestId('naming-preview-error')).toContainText(
		'Episode file: unknown token {bogus}'
	);
	// Renders for a show without a TVDB id only: refused, named on its field.
	await episodeFile.fill('{title} {season}x{episode:02}');
	await page.getByLabel('Show folder').fill('{title} {tvdb_id:s}');
	await expect(preview.getByTestId('naming-preview-error')).toContainText(
		"Show folder: format 's' does not suit 1"
	);
	// Nothing was saved: a reload shows the saved template again.
	await page.reload();
	await expect(page.getByLabel('Episode file')).toHaveValue(
		'{title} - S{season:02}E{episode:02} - {episode_title} [{quality}] [{version}]'
	);
});

test('the logs tab lists recent records, redacted, filtered by level', async ({ page }) => {
	// A request whose address carries a secret: the access log records it, hidden.
	await page.request.get('/api/v1/health?apikey=e2e-secret-value');
	await page.goto('/system');
	await page
		.getByRole('navigation', { name: 'System' })
		.getByRole('link', { name: 'Logs' })
		.click();
	await expect(page).toHaveURL('/system/logs');
	const records = page.getByTestId('log-record');
	await expect(records.filter({ hasText: '/api/v1/health?apikey=***' }).first()).toBeVisible();
	await expect(page.getByText('e2e-secret-value')).toHaveCount(0);
	await expectNoAxeViolations(page);

	await page.getByLabel('Level').selectOption('ERROR');
	await expect(page).toHaveURL('/system/logs?level=ERROR');
	await expect(records.filter({ hasText: '/api/v1/health' })).toHaveCount(0);
	for (const level of await records.locator('[data-slot="badge"]').allTextContents())
		expect(['ERROR', 'CRITICAL']).toContain(level.trim());

	await page.getByLabel('Level').selectOption('INFO');
	await page.request.get('/api/v1/health?e2e-after-refresh=1');
	await page.getByRole('button', { name: 'Refresh' }).click();
	await expect(records.filter({ hasText: 'e2e-after-refresh' }).first()).toBeVisible();
	await expect(page.getByRole('link', { name: 'Settings change log' })).toHaveAttribute(
		'href',
		'/settings/changes'
	);
});

test('the new pages fit a phone screen', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	for (const [path, heading] of [
		['/settings/profiles', 'Settings'],
		['/settings/import', 'Settings'],
		['/system/logs', 'System']
	]) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
		expect(await overflowing(page), path).toEqual([]);
	}
});
