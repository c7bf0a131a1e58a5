import Activity from '@lucide/svelte/icons/activity';
import CalendarDays from '@lucide/svelte/icons/calendar-days';
import Clapperboard from '@lucide/svelte/icons/clapperboard';
import LayoutDashboard from '@lucide/svelte/icons/layout-dashboard';
import Search from '@lucide/svelte/icons/search';
import Server from '@lucide/svelte/icons/server';
import Settings from '@lucide/svelte/icons/settings';
import Tv from '@lucide/svelte/icons/tv';

export const NAV_ITEMS = [
	{ href: '/', label: 'Dashboard', icon: LayoutDashboard, admin: false },
	{ href: '/tv', label: 'TV', icon: Tv, admin: false },
	{ href: '/movies', label: 'Movies', icon: Clapperboard, admin: false },
	{ href: '/calendar', label: 'Calendar', icon: CalendarDays, admin: false },
	{ href: '/activity', label: 'Activity', icon: Activity, admin: false },
	{ href: '/wanted', label: 'Wanted', icon: Search, admin: false },
	{ href: '/system', label: 'System', icon: Server, admin: true },
	{ href: '/settings', label: 'Settings', icon: Settings, admin: true }
];

/** What a user's navigation shows: settings only for administrators. */
export function navItems(isAdmin: boolean) {
	return NAV_ITEMS.filter((item) => isAdmin || !item.admin);
}

/** Tabs a phone's bottom bar has room for with readable labels (390 px). */
export const PHONE_TABS = 5;
// The pages a phone shows as tabs when not all fit; the others go into "More".
const PHONE_FIRST = ['/', '/tv', '/movies', '/activity'];

/** The phone's bottom bar: every item if they fit, else the first pages and a "More" menu. */
export function phoneNav<T extends { href: string }>(items: T[], max = PHONE_TABS) {
	if (items.length <= max) return { tabs: items, more: [] as T[] };
	const tabs = items.filter((i) => PHONE_FIRST.includes(i.href)).slice(0, max - 1);
	return { tabs, more: items.filter((i) => !tabs.includes(i)) };
}

export function isCurrent(href: string, pathname: string): boolean {
	return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
