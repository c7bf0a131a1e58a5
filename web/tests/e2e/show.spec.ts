import { ensureIndexer, expect, INDEXER, overflowing, qbittorrent, test } from './fixtures';

// The indexer that first-run.spec.ts adds through the UI; added here when run alone.
test.beforeAll(async ({ request }) => ensureIndexer(request));

test('a show found on TMDB is added and opens with its seasons', async ({ page }) => {
	await page.goto('/tv');
	await page.getByRole('link', { name: 'Add show' }).click();
	await expect(page).toHaveURL('/tv/add');
	await page.getByRole('searchbox', { name: 'Search for a show' }).fill('Stand-in');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	const result = page.getByTestId('add-result').filter({ hasText: 'Stand-in Chronicles' });
	await result.getByRole('button', { name: 'Add Stand-in Chronicles' }).click();
	await expect(page.getByRole('dialog')).toContainText('Library');
	await page.getByRole('button', { name: 'Add show' }).click();

	await expect(page).toHaveURL(/\/tv\/[0-9a-f-]{36}$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Stand-in Chronicles' })).toBeVisible();
	await expect(page.getByTestId('season')).toHaveCount(2);
	await expect(page.getByTestId('episode')).toHaveCount(3);

	// Searching again marks it as added.
	await page.goto('/tv/add');
	await page.getByRole('searchbox', { name: 'Search for a show' }).fill('Stand-in');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await expect(page.getByTestId('add-result').filter({ hasText: 'Stand-in' })).toContainText(
		'In library'
	);
});

test('interactive search shows why a release is rejected', async ({ showPage }) => {
	await showPage.openByName('Needle in a Haystack');
	const dialog = await showPage.searchSeason('Season 1');
	const wrongSeason = dialog
		.getByTestId('search-result')
		.filter({ hasText: 'Needle.in.a.Haystack.S02' });
	await expect(wrongSeason).toHaveAttribute('data-accepted', 'false');
	await expect(wrongSeason.getByTestId('rejection-reason')).toContainText(
		'season 2 does not match (season 1 wanted)'
	);
	await expect(wrongSeason).toContainText('7 seeders');
	await expect(wrongSeason).toContainText(INDEXER.name);
	await expect(dialog.getByTestId('indexer-error')).toHaveCount(0);
});

test('on a phone the show page fits the width', async ({ page, showPage }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await showPage.openByName('Needle in a Haystack');
	await expect(page.getByTestId('episode')).toHaveCount(1);
	expect(await overflowing(page)).toEqual([]);
	await page.screenshot({ path: 'test-results/screenshots/show-phone.png' });
});

/** The torrents the real qBittorrent holds, asked through its own Web API. */
async function torrentsInQbittorrent(): Promise<{ name: string; hash: string }[]> {
	const client = qbittorrent();
	const login = await fetch(`${client.url}/api/v2/auth/login`, {
		method: 'POST',
		body: new URLSearchParams({ username: client.username, password: client.password })
	});
	const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
	const info = await fetch(`${client.url}/api/v2/torrents/info`, { headers: { cookie } });
	return info.json();
}

// Last in this file: the grabbed season pack changes what later searches of season 1 decide.
test('a release grabbed in interactive search goes to qBittorrent and shows in Activity', async ({
	page,
	settingsPage,
	showPage
}) => {
	const client = qbittorrent();
	await settingsPage.open('download-clients');
	await settingsPage.add('download client', {
		Name: 'Loopback qBittorrent',
		URL: client.url,
		'User name': client.username,
		Password: client.password
	});
	await expect(page.getByRole('dialog')).toBeHidden();
	const entry = settingsPage.entry('Loopback qBittorrent');
	await entry.getByRole('button', { name: 'Test Loopback qBittorrent' }).click();
	await expect(page.getByTestId('check-result')).toHaveAttribute('data-ok', 'true');

	await showPage.openByName('Needle in a Haystack');
	const dialog = await showPage.searchSeason('Season 1');
	const title = 'Needle.in.a.Haystack.S01.1080p.WEB-DL.H.264-GRP';
	const release = dialog.getByTestId('search-result').filter({ hasText: title });
	await expect(release).toHaveAttribute('data-accepted', 'true');
	await release.getByRole('button', { name: `Grab ${title}` }).click();
	await expect(release.getByRole('button', { name: `Grab ${title}` })).toHaveText('Grabbed');

	// The real client has it, named by the .torrent the indexer served (one file).
	await expect
		.poll(async () => (await torrentsInQbittorrent()).map((t) => t.name))
		.toContain(`${title}.mkv`);

	await page.keyboard.press('Escape');
	await page.getByRole('link', { name: 'Activity' }).first().click();
	await expect(page).toHaveURL('/activity');
	const item = page.getByTestId('queue-item').filter({ hasText: title });
	await expect(item).toBeVisible();
	await expect(item).toContainText('Loopback qBittorrent');
});
