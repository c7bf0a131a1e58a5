/**
 * Accessibility checks with axe-core, injected into the page (its Playwright wrapper needs
 * Node 22). Fails with the violated rules and the elements that break them.
 */
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[] }[];
}

export async function expectNoAxeViolations(page: Page, within?: string) {
	await page.addScriptTag({ path: AXE });
	const violations = await page.evaluate(async (context) => {
		const axe = (
			window as unknown as {
				axe: { run: (c: unknown, o: unknown) => Promise<{ violations: Violation[] }> };
			}
		).axe;
		const result = await axe.run(context ?? document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }
		});
		return result.violations;
	}, within ?? null);
	const summary = violations.map(
		(v: Violation) =>
			`${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect(summary).toEqual([]);
}
