import Clapperboard from '@lucide/svelte/icons/clapperboard';
import LayoutDashboard from '@lucide/svelte/icons/layout-dashboard';
import Tv from '@lucide/svelte/icons/tv';

export const NAV_ITEMS = [
	{ href: '/', label: 'Dashboard', icon: LayoutDashboard },
	{ href: '/tv', label: 'TV', icon: Tv },
	{ href: '/movies', label: 'Movies', icon: Clapperboard }
];

export function isCurrent(href: string, pathname: string): boolean {
	return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
