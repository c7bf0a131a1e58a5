import { expect, test } from './fixtures';

test('the TV list pages through the library and searches it', async ({ page }) => {
	await page.goto('/tv');
	await expect(page.getByTestId('total')).toHaveText('47 shows');
	await expect(page.getByTestId('media-card')).toHaveCount(30);
	await page.getByRole('link', { name: 'Next page' }).click();
	await expect(page).toHaveURL('/tv?page=2');
	await expect(page.getByTestId('media-card')).toHaveCount(17);

	await page.getByRole('searchbox', { name: 'Search shows' }).fill('needle');
	await expect(page).toHaveURL('/tv?search=needle');
	await expect(page.getByTestId('media-card')).toHaveCount(1);
	await expect(page.getByTestId('media-card')).toContainText('Needle in a Haystack');

	await page.getByRole('searchbox', { name: 'Search shows' }).fill('nothing like this');
	await expect(page.getByText('No shows match.')).toBeVisible();
});

test('a deep link survives a reload', async ({ page }) => {
	await page.goto('/movies?search=Seeded');
	await expect(page.getByRole('heading', { name: 'Movies' })).toBeVisible();
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Movies' })).toBeVisible();
	await expect(page.getByTestId('media-card')).toHaveCount(3);
	await expect(page.getByTestId('media-card').getByText('On disk')).toHaveCount(1);
});

test('on a phone the bottom bar is the navigation', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/');
	const phoneNav = page.getByTestId('phone-nav');
	await expect(phoneNav).toBeVisible();
	await expect(page.locator('aside')).toBeHidden();
	await phoneNav.getByRole('link', { name: 'TV' }).click();
	await expect(page).toHaveURL('/tv');
	await expect(phoneNav.getByRole('link', { name: 'TV' })).toHaveAttribute('aria-current', 'page');
	// Two posters per row fit the width without sideways scrolling.
	const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
	expect(scrolls).toBe(false);
	await page.screenshot({ path: 'test-results/screenshots/tv-phone.png' });
});

test('on a phone an administrator has five places with whole labels, the rest under More', async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/');
	const phoneNav = page.getByTestId('phone-nav');
	const places = phoneNav.locator(':scope > a, :scope > button');
	await expect(places).toHaveCount(5);
	// No label is cut ("Dashbo…").
	const cut = await phoneNav
		.locator('span')
		.evaluateAll((labels) =>
			labels.filter((l) => l.scrollWidth > l.clientWidth).map((l) => l.textContent)
		);
	expect(cut).toEqual([]);

	const more = phoneNav.getByRole('button', { name: 'More' });
	await more.click();
	await expect(page.getByRole('menuitem', { name: 'Calendar' })).toBeVisible();
	await page.getByRole('menuitem', { name: 'Settings' }).click();
	await expect(page).toHaveURL(/\/settings/);
	await expect(more).toHaveAttribute('data-current', 'true');
	await phoneNav.getByRole('link', { name: 'Activity' }).click();
	await expect(page).toHaveURL('/activity');
	await expect(more).toHaveAttribute('data-current', 'false');
});

test('the API docs render from local assets', async ({ page, baseURL }) => {
	const external: string[] = [];
	page.on('request', (r) => {
		if (!r.url().startsWith(`${baseURL}/`)) external.push(r.url());
	});
	await page.goto('/api/v1/docs');
	await expect(page.locator('.swagger-ui .opblock').first()).toBeVisible();
	expect(external.filter((u) => !u.startsWith('data:'))).toEqual([]);
});
