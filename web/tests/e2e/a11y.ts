import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Waits until no finite animation runs: a dialog still fading in has colours axe misjudges
 * (spinners and pulsing placeholders never end and are left out). */
async function settled(page: Page) {
	await page.waitForFunction(() =>
		document
			.getAnimations()
			.every(
				(animation) =>
					animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity
			)
	);
}

/** The accessibility problems axe rates serious or critical, by rule and element. */
export async function seriousA11yProblems(page: Page): Promise<string[]> {
	await settled(page);
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Fails with every axe violation, whatever its impact, on the page or inside `within`. */
export async function expectNoAxeViolations(page: Page, within?: string) {
	await settled(page);
	let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
	if (within) builder = builder.include(within);
	const { violations } = await builder.analyze();
	const summary = violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect(summary).toEqual([]);
}
