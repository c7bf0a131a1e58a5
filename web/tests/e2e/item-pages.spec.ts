import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, overflowing, seed, test } from './fixtures';
import { seriousA11yProblems } from './a11y';

// A second TV library and a quality profile to move a show to.
const LIBRARY = 'Archive';
const PROFILE = 'E2E Profile';
let roots: { tv: string; movies: string };

test.beforeAll(async ({ request }) => {
	roots = JSON.parse(seed('seed_item_files.py'));
	const libraries = await request.get('/api/v1/libraries');
	const tv = ((await libraries.json()) as { tv: { name: string }[] }).tv.map((l) => l.name);
	if (!tv.includes(LIBRARY)) {
		// In the server's data folder, which the run removes; it need not exist.
		const path = join(process.env.E2E_DATA_DIR ?? '', 'archive-tv');
		const created = await request.post('/api/v1/settings/tv-libraries', {
			data: { name: LIBRARY, path }
		});
		expect(created.status(), await created.text()).toBe(201);
	}
	const profiles = await request.get('/api/v1/profiles', { params: { page_size: 100 } });
	const names = ((await profiles.json()) as { items: { name: string }[] }).items.map((p) => p.name);
	if (!names.includes(PROFILE)) {
		const created = await request.post('/api/v1/profiles', {
			data: { name: PROFILE, qualities: ['web-1080p', 'web-720p'] }
		});
		expect(created.status(), await created.text()).toBe(201);
	}
});

test("a show's library and quality profile change and stay changed", async ({
	page,
	itemPage,
	request
}) => {
	await itemPage.open('tv', 'Edit Me Show');
	await expect(page.getByTestId('item-library')).toHaveText('Library default');

	await itemPage.edit({ library: LIBRARY, profile: PROFILE });

	await expect(page.getByText('Saved Edit Me Show')).toBeVisible();
	await expect(page.getByTestId('item-library')).toHaveText(`Library ${LIBRARY}`);
	await expect(page.getByTestId('item-profile')).toHaveText(`Profile ${PROFILE}`);
	await page.reload();
	await expect(page.getByTestId('item-library')).toHaveText(`Library ${LIBRARY}`);
	await expect(page.getByTestId('item-profile')).toHaveText(`Profile ${PROFILE}`);
	const id = page.url().split('/').at(-1);
	const stored = await (await request.get(`/api/v1/tv/shows/${id}`)).json();
	expect([stored.library, stored.quality_profile]).toEqual([LIBRARY, PROFILE]);
});

test("the server's refusal of a change shows as a toast with its message", async ({
	page,
	itemPage
}) => {
	const name = `Short-lived ${Date.now()}`;
	const created = await page.request.post('/api/v1/profiles', {
		data: { name, qualities: ['web-720p'] }
	});
	expect(created.status()).toBe(201);
	await itemPage.open('tv', 'Edit Me Show');
	await page.getByRole('button', { name: 'Edit', exact: true }).click();
	await itemPage.choose('Quality profile', name);
	// Deleted elsewhere while the dialog still offers it.
	const { id } = (await created.json()) as { id: string };
	expect((await page.request.delete(`/api/v1/profiles/${id}`)).status()).toBe(204);
	await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();

	await expect(
		page.getByText(`Saving: There is no quality profile named "${name}"`, { exact: false })
	).toBeVisible();
	await expect(page.getByRole('dialog')).toBeVisible();
});

test('the rename preview lists old and new names and renaming moves the file on disk', async ({
	page,
	itemPage
}) => {
	const old = 'Rename Chronicles/Rename.Chronicles.S01E01.1080p.WEB-DL.mkv';
	await itemPage.open('tv', 'Rename Chronicles');
	await expect(page.getByTestId('file-path')).toHaveText(old);
	await expect(page.getByTestId('episode-quality')).toHaveText('web-1080p');

	const dialog = await itemPage.openRename();
	const row = dialog.getByTestId('rename-row');
	await expect(row).toHaveCount(1);
	await expect(row.getByTestId('rename-old')).toHaveText(old);
	const renamed = row.getByTestId('rename-new');
	await expect(renamed).toHaveText(
		/^Rename Chronicles \(2015\) \[tmdbid-\d+\]\/Season 01\/Rename Chronicles - S01E01 - Episode 1 \[WEBDL-1080p\]\.mkv$/
	);
	const target = (await renamed.textContent())!.trim();
	expect(existsSync(join(roots.tv, old))).toBe(true);

	await dialog.getByRole('button', { name: 'Rename 1 file' }).click();

	await expect(page.getByText('Renamed 1 file')).toBeVisible();
	await expect(dialog).toBeHidden();
	await expect(page.getByTestId('file-path')).toHaveText(target);
	expect(existsSync(join(roots.tv, target))).toBe(true);
	expect(existsSync(join(roots.tv, old))).toBe(false);
	// Named as the templates say now: nothing left to rename.
	await itemPage.openRename();
	await expect(dialog.getByTestId('rename-empty')).toBeVisible();
	await expect(dialog.getByRole('button', { name: /^Rename \d/ })).toHaveCount(0);
});

test('a rename that would replace another file is refused, with the reason', async ({
	page,
	itemPage
}) => {
	const old = 'Clash Show/Clash.Show.S01E01.720p.HDTV.mkv';
	await itemPage.open('tv', 'Clash Show');
	const dialog = await itemPage.openRename();
	await dialog.getByRole('button', { name: 'Rename 1 file' }).click();

	await expect(page.getByText('1 file not renamed; see why in the list')).toBeVisible();
	const refused = dialog.getByTestId('rename-refused');
	await expect(refused).toContainText('already exists and is a different file');
	await expect(refused.getByTestId('rename-old')).toHaveText(old);
	// Still to do, and nothing moved.
	await expect(dialog.getByTestId('rename-row')).toHaveCount(1);
	expect(existsSync(join(roots.tv, old))).toBe(true);
	await expect(page.getByTestId('file-path')).toHaveText(old);
});

test("a movie's files are renamed and its profile changed with the keyboard", async ({
	page,
	itemPage
}) => {
	const old = 'Rename Movie/Rename.Movie.2010.1080p.BluRay.mkv';
	await itemPage.open('movies', 'Rename Movie');
	await expect(page.getByTestId('file-quality')).toHaveText('bluray-1080p');

	const dialog = await itemPage.openRename();
	await expect(dialog.getByTestId('rename-old')).toHaveText(old);
	const target = (await dialog.getByTestId('rename-new').textContent())!.trim();
	expect(target).toMatch(/^Rename Movie \(2010\)/);
	await dialog.getByRole('button', { name: 'Rename 1 file' }).click();
	await expect(dialog).toBeHidden();
	expect(existsSync(join(roots.movies, target))).toBe(true);
	expect(existsSync(join(roots.movies, old))).toBe(false);

	// Keyboard only: the Edit button, the profile select, an option, Save.
	await page.getByRole('button', { name: 'Edit', exact: true }).focus();
	await page.keyboard.press('Enter');
	const profile = page.getByRole('dialog').getByLabel('Quality profile');
	await expect(profile).toBeVisible();
	await profile.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('option', { name: PROFILE })).toBeVisible();
	const option = page.getByRole('option', { name: PROFILE });
	for (let i = 0; i < 10 && (await option.getAttribute('data-highlighted')) === null; i++) {
		await page.keyboard.press('ArrowDown');
	}
	await page.keyboard.press('Enter');
	await expect(profile).toHaveText(PROFILE);
	await page.getByRole('dialog').getByRole('button', { name: 'Save' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('item-profile')).toHaveText(`Profile ${PROFILE}`);
});

test('deleting keeps the folder unless asked to remove it', async ({ page, itemPage }) => {
	await itemPage.open('tv', 'Kept Files Show');
	await page.getByRole('button', { name: 'Delete' }).click();
	await expect(page.getByLabel("Also delete the show's folder")).not.toBeChecked();
	await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
	await expect(page).toHaveURL('/tv');
	await expect(page.getByText('Deleted Kept Files Show')).toBeVisible();
	expect(
		existsSync(join(roots.tv, 'Kept Files Show (2017)', 'Kept.Files.Show.S01E01.720p.HDTV.mkv'))
	).toBe(true);

	await itemPage.open('movies', 'Doomed Movie');
	await page.getByRole('button', { name: 'Delete' }).click();
	await page.getByLabel("Also delete the movie's folder").check();
	await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
	await expect(page).toHaveURL('/movies');
	await expect(page.getByText('Deleted Doomed Movie and its folder')).toBeVisible();
	// The folder goes once the delete is committed, in the background.
	await expect.poll(() => existsSync(join(roots.movies, 'Doomed Movie (2012)'))).toBe(false);
});

test('the show page, its dialogs and a movie page have no serious accessibility problems', async ({
	page,
	itemPage
}) => {
	await itemPage.open('tv', 'Clash Show');
	expect(await seriousA11yProblems(page)).toEqual([]);
	await page.getByRole('button', { name: 'Edit', exact: true }).click();
	await expect(page.getByRole('dialog').getByLabel('Library')).toBeVisible();
	expect(await seriousA11yProblems(page)).toEqual([]);
	await page.keyboard.press('Escape');
	const rename = await itemPage.openRename();
	await expect(rename.getByTestId('rename-row')).toHaveCount(1);
	expect(await seriousA11yProblems(page)).toEqual([]);
	await page.keyboard.press('Escape');
	await page.getByRole('button', { name: 'Delete' }).click();
	await expect(page.getByLabel("Also delete the show's folder")).toBeVisible();
	expect(await seriousA11yProblems(page)).toEqual([]);
	await page.keyboard.press('Escape');

	await itemPage.open('movies', 'Phone Movie');
	expect(await seriousA11yProblems(page)).toEqual([]);
});

test('on a phone the movie page and the rename preview fit the width', async ({
	page,
	itemPage
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await itemPage.open('movies', 'Phone Movie');
	await expect(page.getByTestId('file')).toHaveCount(1);
	expect(await overflowing(page)).toEqual([]);
	await page.screenshot({ path: 'test-results/screenshots/movie-phone.png' });
	const dialog = await itemPage.openRename();
	await expect(dialog.getByTestId('rename-row')).toHaveCount(1);
	expect(await overflowing(page)).toEqual([]);
	await page.screenshot({ path: 'test-results/screenshots/rename-phone.png' });
});
