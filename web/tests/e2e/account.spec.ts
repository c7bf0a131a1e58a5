import { seriousA11yProblems } from './a11y';
import { expect, LoginPage, SIGNED_OUT, test } from './fixtures';

test('an API key is shown once, works, and stops working when revoked', async ({
	page,
	playwright,
	baseURL
}) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Account menu' }).click();
	await page.getByRole('menuitem', { name: 'Account' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
	await expect(page.getByText('You have no API keys.')).toBeVisible();
	expect(await seriousA11yProblems(page)).toEqual([]);

	await page.getByLabel('Name of the new key').fill('e2e script');
	await page.getByRole('button', { name: 'Create key' }).click();
	const key = await page.getByLabel('API key e2e script').inputValue();
	expect(key.length).toBeGreaterThan(20);
	const row = page.getByTestId('api-key').filter({ hasText: 'e2e script' });
	await expect(row).toContainText('Never');
	expect(await seriousA11yProblems(page)).toEqual([]);

	const script = await playwright.request.newContext({ baseURL, storageState: undefined });
	const asScript = () => script.get('/api/v1/users/me', { headers: { 'X-Api-Key': key } });
	expect((await asScript()).status()).toBe(200);

	// The list says when the key was last used.
	await page.reload();
	await expect(row).not.toContainText('Never');
	await expect(page.getByLabel('API key e2e script')).toHaveCount(0);
	expect(await seriousA11yProblems(page)).toEqual([]);

	await row.getByRole('button', { name: 'Revoke e2e script' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
	await expect(row).toHaveCount(0);
	expect((await asScript()).status()).toBe(401);
	await script.dispose();
});

test('a too short new password is refused with the server’s reason', async ({ page }) => {
	await page.goto('/account');
	// Past the browser's own minimum, so that the server is the one to refuse.
	await page.getByLabel('New password').evaluate((el) => el.removeAttribute('minlength'));
	await page.getByLabel('New password').fill('short');
	await page.getByLabel('Repeat the password').fill('short');
	await page.getByRole('button', { name: 'Change the password' }).click();
	await expect(page.getByText(/Changing the password: .*at least 8 characters/)).toBeVisible();
});

test('a user changes their own password and signs in with the new one', async ({
	page,
	browser
}) => {
	// An approved second account (the admin's session is this test's page).
	const email = 'own-password@example.com';
	const created = await page.request.post('/api/v1/auth/register', {
		data: { email, password: 'first password 123' }
	});
	expect(created.status()).toBe(201);
	const { id } = await created.json();
	expect(
		(await page.request.patch(`/api/v1/users/${id}`, { data: { is_active: true } })).ok()
	).toBe(true);

	const context = await browser.newContext({ storageState: SIGNED_OUT });
	const user = await context.newPage();
	const login = new LoginPage(user);
	await user.goto('/login');
	await login.signIn(email, 'first password 123');
	await expect(user.getByRole('heading', { name: 'Dashboard' })).toBeVisible();

	await user.goto('/account');
	await expect(user.getByText(`${email} · User`)).toBeVisible();
	await user.getByLabel('New password').fill('second password 456');
	await user.getByLabel('Repeat the password').fill('second password 45');
	await expect(user.getByText('The passwords differ.')).toBeVisible();
	await expect(user.getByRole('button', { name: 'Change the password' })).toBeDisabled();
	await user.getByLabel('Repeat the password').fill('second password 456');
	await user.getByRole('button', { name: 'Change the password' }).click();
	await expect(user).toHaveURL(/\/login/);
	await expect(user.getByText('Your password was changed')).toBeVisible();

	await login.signIn(email, 'second password 456');
	await expect(user.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
	await context.close();
});
