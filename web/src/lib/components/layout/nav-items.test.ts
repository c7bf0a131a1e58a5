import { describe, expect, it } from 'vitest';
import { navItems, phoneNav, PHONE_TABS } from './nav-items';

const hrefs = (items: { href: string }[]) => items.map((i) => i.href);

describe('phoneNav', () => {
	it('puts the main pages in tabs and the rest in "More" for an administrator', () => {
		const { tabs, more } = phoneNav(navItems(true));
		expect(hrefs(tabs)).toEqual(['/', '/tv', '/movies', '/activity']);
		expect(hrefs(more)).toEqual(['/calendar', '/wanted', '/system', '/settings']);
	});

	it('never has more than five places (tabs and "More") on a phone', () => {
		for (const admin of [true, false]) {
			const { tabs, more } = phoneNav(navItems(admin));
			expect(tabs.length + (more.length ? 1 : 0)).toBeLessThanOrEqual(PHONE_TABS);
			expect([...tabs, ...more]).toHaveLength(navItems(admin).length);
		}
	});

	it('shows every item as a tab when they fit', () => {
		const items = navItems(false).slice(0, 5);
		expect(phoneNav(items)).toEqual({ tabs: items, more: [] });
	});
});
