import { ADMIN, expect, resetLinkFromServerLog, SIGNED_OUT, test } from './fixtures';

test.describe('signed out', () => {
	test.use({ storageState: SIGNED_OUT });

	test('an app page sends to sign in, and back to it afterwards', async ({ page, loginPage }) => {
		await page.goto('/tv?search=Needle');
		await expect(page).toHaveURL('/login?redirect=%2Ftv%3Fsearch%3DNeedle');
		await loginPage.signIn(ADMIN.email, ADMIN.password);
		await expect(page).toHaveURL('/tv?search=Needle');
		await expect(page.getByTestId('media-card')).toHaveCount(1);
	});

	test('a wrong password shows the server message', async ({ page, loginPage }) => {
		await page.goto('/login');
		await loginPage.signIn(ADMIN.email, 'not the password');
		await expect(page.getByRole('alert')).toContainText('Incorrect email or password');
		await expect(page).toHaveURL('/login');
	});

	test('a later sign-up waits for approval, also when signing in', async ({
		page,
		signupPage,
		loginPage
	}) => {
		await signupPage.signUp('second@example.com', 'second user password');
		await expect(page).toHaveURL('/pending');
		await expect(page.getByRole('heading', { name: 'Waiting for approval' })).toBeVisible();
		await page.getByRole('link', { name: 'Back to sign in' }).click();
		await loginPage.signIn('second@example.com', 'second user password');
		await expect(page).toHaveURL('/pending');
	});

	test('a session that ends while browsing leads to sign in', async ({ page, loginPage }) => {
		await page.goto('/login');
		await loginPage.signIn(ADMIN.email, ADMIN.password);
		await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
		// The layout's user is loaded already; only the TV page's own request gets the 401.
		await page.context().clearCookies();
		await page.getByRole('link', { name: 'TV' }).first().click();
		await expect(page).toHaveURL('/login?redirect=%2Ftv');
	});

	test('signing out ends the session', async ({ page, loginPage }) => {
		await page.goto('/login');
		await loginPage.signIn(ADMIN.email, ADMIN.password);
		await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
		await page.getByRole('button', { name: 'Account menu' }).click();
		await page.getByRole('menuitem', { name: 'Sign out' }).click();
		await expect(page).toHaveURL('/login');
		await page.goto('/movies');
		await expect(page).toHaveURL('/login?redirect=%2Fmovies');
	});
});

test('the reset link from the server opens the reset page and sets the password', async ({
	page,
	browser
}) => {
	// An approved second account (the admin's session is this test's page).
	const email = 'forgetful@example.com';
	const created = await page.request.post('/api/v1/auth/register', {
		data: { email, password: 'old password 123' }
	});
	expect(created.status()).toBe(201);
	const { id } = await created.json();
	expect(
		(await page.request.patch(`/api/v1/users/${id}`, { data: { is_active: true } })).ok()
	).toBe(true);

	const context = await browser.newContext({ storageState: SIGNED_OUT });
	const visitor = await context.newPage();
	await visitor.goto('/login');
	await visitor.getByRole('link', { name: 'Forgot password?' }).click();
	await expect(visitor.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
	await visitor.getByLabel('Email').fill(email);
	await visitor.getByRole('button', { name: 'Send the link' }).click();
	await expect(visitor.getByText('Check your mail')).toBeVisible();

	const link = new URL(resetLinkFromServerLog(email));
	expect(link.pathname).toBe('/reset-password');
	await visitor.goto(link.pathname + link.search);
	await visitor.getByLabel('New password').fill('new password 456');
	await visitor.getByLabel('Repeat the password').fill('new password 456');
	await visitor.getByRole('button', { name: 'Set the password' }).click();
	await expect(visitor).toHaveURL('/login');
	await expect(visitor.getByText('Your password was changed')).toBeVisible();

	await visitor.getByLabel('Email').fill(email);
	await visitor.getByLabel('Password', { exact: true }).fill('new password 456');
	await visitor.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(visitor.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
	await context.close();
});
