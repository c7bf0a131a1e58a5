import { seriousA11yProblems } from './a11y';
import { expect, overflowing, seed, test } from './fixtures';

const SHOW = 'Calendar Seeded Show';

test.beforeAll(() => seed('seed_calendar.py'));

test('an episode airing today shows in the month and the agenda view', async ({ page }) => {
	await page.goto('/calendar?view=month');
	const today = page.getByTestId('calendar-month').locator('td[aria-current="date"]');
	await expect(today.getByTestId('calendar-item').filter({ hasText: SHOW })).toBeVisible();
	await page.screenshot({ path: 'test-results/screenshots/calendar-month.png', fullPage: true });
	expect(await seriousA11yProblems(page)).toEqual([]);

	await page.getByRole('link', { name: 'Agenda', exact: true }).click();
	const agenda = page.getByTestId('calendar-agenda');
	await expect(agenda.getByTestId('calendar-item').filter({ hasText: SHOW })).toContainText(
		'S01E01 Episode 1'
	);
	expect(await seriousA11yProblems(page)).toEqual([]);

	// Next leaves this week's episode behind; Today brings it back.
	await page.getByRole('link', { name: 'Next four weeks' }).click();
	await expect(page).toHaveURL(/date=/);
	await expect(agenda.getByTestId('calendar-item').filter({ hasText: SHOW })).toHaveCount(0);
	await page.getByRole('link', { name: 'Today', exact: true }).click();
	await expect(agenda.getByTestId('calendar-item').filter({ hasText: SHOW })).toBeVisible();

	await page.getByRole('link', { name: 'Week', exact: true }).click();
	await expect(
		page.getByTestId('calendar-week').getByTestId('calendar-item').filter({ hasText: SHOW })
	).toBeVisible();
	expect(await seriousA11yProblems(page)).toEqual([]);
	await page.screenshot({ path: 'test-results/screenshots/calendar-week.png' });
});

test('the feed address serves the calendar to an app that is not signed in', async ({
	page,
	playwright,
	baseURL
}) => {
	await page.goto('/calendar');
	const feed = page.getByTestId('feed-token');
	await feed.getByRole('button', { name: /Make a (new|feed) address/ }).click();
	const address = await feed.getByLabel('Feed address').inputValue();
	expect(address).toContain('token=');
	await expect(page.getByTestId('feed-token-state')).toContainText('never read yet');
	expect(await seriousA11yProblems(page)).toEqual([]);

	// The server's base_url may differ from the test server's address: keep path and token.
	const url = new URL(address);
	const app = await playwright.request.newContext({ baseURL, storageState: undefined });
	const response = await app.get(url.pathname + url.search);
	expect(response.status()).toBe(200);
	const body = await response.text();
	expect(body).toContain('BEGIN:VCALENDAR');
	expect(body).toContain(SHOW);

	await feed.getByRole('button', { name: 'Stop the feed' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Stop the feed' }).click();
	await expect(page.getByTestId('feed-token-state')).toHaveText('You have no feed address.');
	expect((await app.get(url.pathname + url.search)).status()).toBe(401);
	await app.dispose();
});

test('a phone opens the calendar on the agenda, and nothing is wider than the screen', async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/calendar');
	await expect(page.getByTestId('calendar-agenda')).toBeVisible();
	await expect(page.getByTestId('calendar-item').filter({ hasText: SHOW })).toBeVisible();
	expect(await overflowing(page)).toEqual([]);
	await page.screenshot({ path: 'test-results/screenshots/calendar-agenda-phone.png' });

	await page.getByRole('link', { name: 'Month', exact: true }).click();
	await expect(page.getByTestId('calendar-month')).toBeVisible();
	expect(await overflowing(page)).toEqual([]);
	await page.screenshot({ path: 'test-results/screenshots/calendar-month-phone.png' });

	// Too narrow for titles: a day's number leads to its agenda.
	await page
		.locator('td[aria-current="date"]')
		.getByRole('link', { name: /: 1 item$/ })
		.click();
	await expect(page).toHaveURL(/view=agenda/);
	await expect(page.getByTestId('calendar-item').filter({ hasText: SHOW })).toBeVisible();
});
