import { expect, overflowing, test } from './fixtures';

test('the queue shows a download with its progress, speed and time left', async ({ page }) => {
	await page.goto('/activity');
	const item = page.getByTestId('queue-item').filter({ hasText: 'Haystack.S01.1080p' });
	await expect(item).toContainText('Needle.in.a.Haystack.S01.1080p.WEB-DL.H.264-SEED');
	await expect(item.getByTestId('download-status')).toHaveText('downloading');
	await expect(item.getByTestId('progress')).toHaveText('42%');
	await expect(item.getByTestId('speed')).toHaveText('2.00 MB/s');
	await expect(item.getByTestId('eta')).toHaveText('3h 05m');
	await expect(item.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '42');
});

test('the queue polls with the ETag and gets 304 while nothing changes', async ({ page }) => {
	const statuses: number[] = [];
	page.on('response', (r) => {
		if (r.url().includes('/api/v1/activity/queue') && r.request().headers()['if-none-match'])
			statuses.push(r.status());
	});
	await page.goto('/activity');
	await expect(page.getByTestId('queue-item')).toHaveCount(1);
	await expect.poll(() => statuses.length, { timeout: 8000 }).toBeGreaterThan(0);
	expect(statuses[0]).toBe(304);
});

test('on a phone the activity page fits the width', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/activity');
	await expect(page.getByTestId('queue-item')).toHaveCount(1);
	expect(await overflowing(page)).toEqual([]);
});
