import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, INDEXER, test } from './fixtures';

// Runs before show.spec.ts (files run in name order, one worker): the indexer starts missing.
test('the first-run checklist leads to adding an indexer, whose test passes', async ({
	page,
	settingsPage
}) => {
	await page.goto('/');
	const checklist = page.getByTestId('setup-checklist');
	await expect(checklist).toBeVisible();
	const indexerItem = page.getByTestId('setup-item-indexer');
	await expect(indexerItem).toHaveAttribute('data-done', 'false');
	// The metadata source comes from the environment (the TMDB stand-in).
	await expect(page.getByTestId('setup-item-metadata')).toHaveAttribute('data-done', 'true');

	await indexerItem.getByRole('link', { name: 'Set up' }).click();
	await expect(page).toHaveURL('/settings/indexers');
	await settingsPage.add('indexer', {
		Name: INDEXER.name,
		URL: INDEXER.url(),
		'API key': INDEXER.apiKey
	});
	await expect(page.getByRole('dialog')).toBeHidden();
	const entry = settingsPage.entry(INDEXER.name);
	await expect(entry).toBeVisible();

	await entry.getByRole('button', { name: `Test ${INDEXER.name}` }).click();
	const result = page.getByTestId('check-result');
	await expect(result).toHaveAttribute('data-ok', 'true');
	await expect(result).toContainText(`Test of ${INDEXER.name}: passed`);

	// The stored key is write-only: editing shows that it is set, never its value.
	await entry.getByRole('button', { name: `Edit ${INDEXER.name}` }).click();
	await expect(page.getByRole('dialog').getByLabel('API key')).toHaveValue('');
	await expect(page.getByRole('dialog')).toContainText('Set — leave empty to keep it');
	await page.keyboard.press('Escape');

	await page.goto('/setup');
	await expect(page.getByTestId('setup-item-indexer')).toHaveAttribute('data-done', 'true');
	await page.goto('/settings/changes');
	await expect(page.getByTestId('settings-change').first()).toContainText('indexers · Local');
});

test('a TV library is added after the server refused its relative folder', async ({
	page,
	settingsPage
}) => {
	await settingsPage.open('tv-libraries');
	// The built-in library is listed read-only.
	await expect(settingsPage.entry('default')).toContainText('built in');
	await settingsPage.add('TV library', { Name: 'Kids', Folder: 'relative/kids' });
	await expect(settingsPage.fieldError('path')).toHaveText(
		/give an absolute path \(starting with \/\)/
	);
	await expect(page.getByRole('dialog').getByLabel('Folder')).toHaveAttribute(
		'aria-invalid',
		'true'
	);
	await expect(page.getByRole('dialog')).toBeVisible();

	// Corrected to an absolute folder (in the server's data folder, which the run removes).
	const folder = join(process.env.E2E_DATA_DIR ?? '', 'kids-tv');
	mkdirSync(folder, { recursive: true });
	await settingsPage.fillDialog({ Folder: folder });
	await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('dialog')).toBeHidden();
	const entry = settingsPage.entry('Kids');
	await expect(entry).toContainText(folder);
	await entry.getByRole('button', { name: 'Test Kids' }).click();
	await expect(page.getByTestId('check-result')).toHaveAttribute('data-ok', 'true');

	// The list the add dialogs choose from has it.
	const libraries = await page.request.get('/api/v1/libraries');
	const tv = ((await libraries.json()) as { tv: { name: string }[] }).tv.map((l) => l.name);
	expect(tv).toContain('Kids');
});
