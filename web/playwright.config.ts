import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium; Playwright's own browser download does not work on these machines.
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
import { ADMIN_STATE } from './tests/e2e/fixtures';

export default defineConfig({
	testDir: 'tests/e2e',
	globalSetup: './tests/e2e/global-setup.ts',
	workers: 1,
	fullyParallel: false,
	forbidOnly: !!process.env.CI,
	retries: 0,
	timeout: 30_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	outputDir: 'test-results/artifacts',
	use: {
		baseURL: process.env.E2E_BASE_URL,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: CHROMIUM,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [
		{ name: 'setup', testMatch: /admin\.setup\.ts/ },
		{
			name: 'desktop',
			testMatch: /\.spec\.ts/,
			dependencies: ['setup'],
			use: { ...devices['Desktop Chrome'], storageState: ADMIN_STATE }
		}
	]
});
