import { ADMIN, ensureIndexer, expect, overflowing, seed, SIGNED_OUT, test } from './fixtures';

test('the wanted page lists a missing episode and its search shows a decision', async ({
	page
}) => {
	await page.goto('/wanted');
	// Every seeded show has one aired episode without a file (calendar.spec.ts adds others).
	const row = page
		.getByTestId('wanted-item')
		.filter({ hasText: 'S01E01' })
		.filter({ hasText: /Seeded Show \d\d/ })
		.first();
	const title = (await row.getByRole('link').first().textContent())?.trim() ?? '';
	expect(title).toMatch(/^Seeded Show \d\d$/);
	await row.getByRole('button', { name: `Search ${title} S01E01` }).click();
	const result = row.getByTestId('search-result');
	await expect(result.getByTestId('decision-outcome')).toHaveText(
		/grabbed|nothing|skipped|failed|blocklisted/
	);
	// The decision is recorded: it is listed under recent decisions after a reload.
	await page.reload();
	await expect(page.getByTestId('decision').filter({ hasText: title }).first()).toBeVisible();
});

test('the bell counts unread notifications and marking them read clears it', async ({ page }) => {
	seed('seed_notifications.py', ADMIN.email);
	await page.goto('/');
	const bell = page.getByRole('link', { name: /^Notifications/ });
	await expect(bell.getByTestId('unread-count')).toHaveText('2');
	await bell.click();
	const grab = page.getByTestId('notification').filter({ hasText: 'Seeded grab' });
	await grab.getByRole('button', { name: 'Mark read' }).click();
	await expect(bell.getByTestId('unread-count')).toHaveText('1');
	await expect(grab).not.toHaveAttribute('data-unread');
	await page.getByRole('button', { name: 'Mark all read' }).click();
	await expect(bell.getByTestId('unread-count')).toHaveCount(0);
	await grab.getByRole('button', { name: 'Delete' }).click();
	await expect(grab).toHaveCount(0);
});

test('the system page shows health and jobs, and runs a job now', async ({ page }) => {
	await page.goto('/system');
	await expect(page.getByRole('heading', { name: 'Health' })).toBeVisible();
	// Either the checks' problems, each with its message, or the all-clear.
	const problems = page.getByTestId('health-problem');
	if ((await problems.count()) === 0)
		await expect(page.getByText(/No problems found/)).toBeVisible();
	const job = page.getByTestId('job').filter({ hasText: 'health.check' }).first();
	await expect(job).toBeVisible();
	await job.getByRole('button', { name: /Run .* now/ }).click();
	await expect(page.getByText(/is starting/)).toBeVisible();
	await expect(job.getByTestId('job-status')).toHaveText(/running|success|failed/, {
		timeout: 15_000
	});
});

test('a backup made now appears in the list with a download link', async ({ page }) => {
	await page.goto('/system');
	const before = await page.getByTestId('backup').count();
	await page.getByRole('button', { name: 'Back up now' }).click();
	await expect(page.getByTestId('backup')).toHaveCount(before + 1, { timeout: 15_000 });
	const backup = page.getByTestId('backup').filter({ hasText: 'manual' }).first();
	await expect(backup.getByRole('link', { name: /^Download / })).toHaveAttribute(
		'href',
		/\/api\/v1\/system\/backups\/.+/
	);
});

test('on a phone the dashboard, blocked, wanted, notifications and system pages fit the width', async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	for (const [path, heading] of [
		['/', 'Dashboard'],
		['/activity?tab=blocked', 'Activity'],
		['/wanted', 'Wanted'],
		['/notifications', 'Notifications'],
		['/system', 'System'],
		['/settings/notifications', 'Settings'],
		['/settings/import', 'Settings'],
		['/settings/users', 'Settings'],
		['/setup', 'First run'],
		['/tv/add', 'Add a show']
	]) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
		expect(await overflowing(page), path).toEqual([]);
	}
});

test('on a phone the add-show results and the interactive search dialog fit the width', async ({
	page,
	request,
	showPage
}) => {
	await ensureIndexer(request);
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/tv/add');
	await page.getByRole('searchbox', { name: 'Search for a show' }).fill('Stand-in');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await expect(page.getByTestId('add-result').first()).toBeVisible();
	expect(await overflowing(page), '/tv/add results').toEqual([]);

	await showPage.openByName('Needle in a Haystack');
	const dialog = await showPage.searchSeason('Season 1');
	await expect(dialog.getByTestId('search-result').first()).toBeVisible();
	expect(await overflowing(page), 'interactive search').toEqual([]);
	const box = await dialog.boundingBox();
	expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
});

test.describe('signed out', () => {
	test.use({ storageState: SIGNED_OUT });

	test('on a phone the sign-in, sign-up and forgot-password pages fit the width', async ({
		page
	}) => {
		await page.setViewportSize({ width: 390, height: 844 });
		for (const [path, heading] of [
			['/login', 'Sign in'],
			['/signup', 'Create an account'],
			['/forgot-password', 'Forgot your password?']
		]) {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
			expect(await overflowing(page), path).toEqual([]);
		}
	});
});

test('a blocked import lists its files in the manual import dialog and checks the choices', async ({
	page
}) => {
	await page.goto('/activity?tab=blocked');
	const blocked = page
		.getByTestId('blocked-import')
		.filter({ hasText: 'Blocked.Import.Show.S01.1080p' });
	await expect(blocked).toContainText('unnamed-video.mkv matches no episode');
	await blocked.getByRole('button', { name: 'Import by hand' }).click();
	const dialog = page.getByRole('dialog');
	const files = dialog.getByTestId('import-file');
	await expect(files).toHaveCount(2);
	const matched = files.filter({ hasText: 'Blocked.Import.Show.S01E01' });
	await expect(matched.getByLabel('Episode or movie')).toHaveValue(/.+/);
	await expect(matched.getByRole('checkbox')).toBeChecked();
	// The unmatched file, included without a choice, is refused on its own field.
	const unmatched = files.filter({ hasText: 'unnamed-video.mkv' });
	await unmatched.getByRole('checkbox').click();
	await dialog.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(unmatched.getByTestId('field-error')).toHaveText('Choose what this file is');
	await expect(matched.getByTestId('field-error')).toHaveCount(0);
});

test('an episode’s automatic search shows what it decided', async ({ page, showPage }) => {
	await showPage.openByName('Seeded Show 01');
	await page.getByRole('button', { name: 'Search now: episode 1' }).click();
	const dialog = page.getByRole('dialog');
	await expect(dialog.getByRole('heading')).toContainText(
		'Automatic search: Seeded Show 01 S01E01'
	);
	await expect(dialog.getByTestId('decision-outcome').first()).toHaveText(
		/grabbed|nothing|skipped|failed|blocklisted/
	);
});

test('the dashboard shows the download in progress and what airs next', async ({ page }) => {
	await page.goto('/');
	const download = page.getByTestId('dashboard-download');
	await expect(download).toContainText('Needle.in.a.Haystack.S01.1080p');
	await expect(download.getByTestId('progress')).toHaveText('42%');
	await expect(page.getByRole('heading', { name: 'Upcoming' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Trending' })).toBeVisible();
	await page.getByRole('button', { name: 'Hide' }).click();
	await page.reload();
	await expect(page.getByRole('button', { name: 'Show' })).toBeVisible();
	await expect(page.getByTestId('trending-item')).toHaveCount(0);
});

test('an administrator approves a waiting account on the users page', async ({
	page,
	playwright
}) => {
	const anonymous = await playwright.request.newContext({ baseURL: process.env.E2E_BASE_URL });
	const signup = await anonymous.post('/api/v1/auth/register', {
		data: { email: 'waiting@example.com', password: 'waiting user password' }
	});
	expect(signup.ok()).toBe(true);
	await anonymous.dispose();

	await page.goto('/settings/users?waiting=1');
	const user = page.getByTestId('user').filter({ hasText: 'waiting@example.com' });
	await user.getByRole('button', { name: 'Approve' }).click();
	await expect(user).toHaveCount(0);
	await page.goto('/settings/users');
	await expect(
		page.getByTestId('user').filter({ hasText: 'waiting@example.com' }).getByRole('button', {
			name: 'Disable'
		})
	).toBeVisible();
});

test('the new settings sections load their values from the server', async ({ page }) => {
	await page.goto('/settings/import');
	await expect(page.getByLabel('Episode file', { exact: true })).not.toHaveValue('');
	await page.goto('/settings/automation');
	await expect(page.getByLabel('Items per sweep', { exact: true })).toHaveValue(/\d+/);
	await page.goto('/settings/media-servers');
	await expect(page.getByRole('button', { name: 'Add media server' })).toBeVisible();
});
