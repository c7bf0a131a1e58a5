import { expect, overflowing, test } from './fixtures';

// seed_library.py's "Seeded Show 00" … "Seeded Show 44" (all continuing, monitored) and
// "Seeded Movie 0" (on disk), 1 and 2 (missing). Searches for "Seeded Show 0" (00 to 09) keep
// out the shows other specs add ("Calendar Seeded Show").
const TEN = `search=${encodeURIComponent('Seeded Show 0')}`;

test('the TV list sorts, switches to a table and keeps both in the address', async ({ page }) => {
	await page.goto(`/tv?${TEN}`);
	const cards = page.getByTestId('media-card');
	await expect(cards.first()).toContainText('Seeded Show 00');

	await page.getByRole('button', { name: 'Ascending order' }).click();
	await expect(page).toHaveURL(/order=desc/);
	await expect(cards.first()).toContainText('Seeded Show 09');

	await page.getByRole('button', { name: 'List', exact: true }).click();
	await expect(page).toHaveURL(/view=list/);
	const rows = page.getByTestId('media-row');
	await expect(rows).toHaveCount(10);
	await expect(rows.first()).toContainText('Seeded Show 09');
	await expect(rows.first()).toContainText('continuing');
	await expect(page.getByRole('button', { name: 'List', exact: true })).toHaveAttribute(
		'aria-pressed',
		'true'
	);

	await page.getByLabel('Sort by').selectOption('year');
	await expect(page).toHaveURL(/sort=year/);

	// A reload (or a shared link) shows the same list.
	await page.reload();
	await expect(page.getByLabel('Sort by')).toHaveValue('year');
	await expect(page.getByRole('button', { name: 'Descending order' })).toBeVisible();
	await expect(page.getByTestId('media-table')).toBeVisible();
	await expect(cards).toHaveCount(0);

	// Paging keeps the order and the view: 44 … 15 on the first page, 14 first on the second.
	await page.goto(`/tv?search=${encodeURIComponent('Seeded Show')}&order=desc&view=list`);
	await expect(rows.first()).toContainText('Seeded Show 44');
	await page.getByRole('link', { name: 'Next page' }).click();
	await expect(page).toHaveURL(/page=2/);
	await expect(page).toHaveURL(/order=desc/);
	await expect(rows.first()).toContainText('Seeded Show 14');
});

test('the TV list filters by status and monitoring', async ({ page }) => {
	await page.goto(`/tv?${TEN}`);
	await page.getByLabel('Status').selectOption('ended');
	await expect(page).toHaveURL(/status=ended/);
	await expect(page.getByText('No shows match.')).toBeVisible();
	await page.getByLabel('Status').selectOption('continuing');
	await expect(page.getByTestId('total')).toHaveText('10 shows');

	await page.getByLabel('Monitored').selectOption('false');
	await expect(page).toHaveURL(/monitored=false/);
	await expect(page.getByText('No shows match.')).toBeVisible();
	await page.getByLabel('Monitored').selectOption('true');
	await expect(page.getByTestId('total')).toHaveText('10 shows');
});

test('the movie list filters by file and shows a table', async ({ page }) => {
	await page.goto(`/movies?view=list&search=${encodeURIComponent('Seeded Movie')}`);
	const rows = page.getByTestId('media-row');
	await expect(rows).toHaveCount(3);
	await page.getByLabel('Status').selectOption('on-disk');
	await expect(page).toHaveURL(/status=on-disk/);
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('Seeded Movie 0');
	await expect(rows.first()).toContainText('On disk');
	await page.getByLabel('Status').selectOption('missing');
	await expect(rows).toHaveCount(2);
	await expect(rows.filter({ hasText: 'Seeded Movie 0' })).toHaveCount(0);

	await page.getByRole('button', { name: 'Ascending order' }).click();
	await expect(rows.first()).toContainText('Seeded Movie 2');
});

test('on a phone the list toolbar and table fit the width', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	for (const path of ['/tv', '/tv?view=list', '/movies?view=list']) {
		await page.goto(path);
		await expect(page.getByLabel('Sort by')).toBeVisible();
		expect(await overflowing(page), path).toEqual([]);
	}
});
