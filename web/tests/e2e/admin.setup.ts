import { ADMIN, ADMIN_STATE, expect, test } from './fixtures';

// The first account of a fresh server becomes its administrator; later tests reuse its session.
test('the first sign-up becomes the admin and lands on the dashboard', async ({
	page,
	signupPage
}) => {
	await signupPage.signUp(ADMIN.email, ADMIN.password);
	await expect(page).toHaveURL('/');
	await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
	await expect(page.getByTestId('stat-TV shows')).toHaveText('47');
	await expect(page.getByTestId('stat-Movies')).toHaveText('3');
	await page.context().storageState({ path: ADMIN_STATE });
});
