/**
 * Light or dark colours: the user's choice from the account menu, kept in localStorage, or the
 * system's setting ("system", the default). app.html applies it before the first paint; this
 * module changes it and follows the system while "system" is chosen.
 */

export type Theme = 'light' | 'dark' | 'system';
export const THEMES: readonly Theme[] = ['light', 'dark', 'system'];
// app.html reads the same key.
export const THEME_KEY = 'mm-theme';

export function parseTheme(stored: string | null): Theme {
	return THEMES.includes(stored as Theme) ? (stored as Theme) : 'system';
}

export function isDark(theme: Theme, systemDark: boolean): boolean {
	return theme === 'dark' || (theme === 'system' && systemDark);
}

const systemQuery = () => matchMedia('(prefers-color-scheme: dark)');

export function storedTheme(): Theme {
	try {
		return parseTheme(localStorage.getItem(THEME_KEY));
	} catch {
		return 'system'; // storage blocked
	}
}

export function applyTheme(theme: Theme) {
	document.documentElement.classList.toggle('dark', isDark(theme, systemQuery().matches));
}

export function setTheme(theme: Theme) {
	try {
		if (theme === 'system') localStorage.removeItem(THEME_KEY);
		else localStorage.setItem(THEME_KEY, theme);
	} catch {
		// storage blocked: the choice lasts until the page is reloaded
	}
	applyTheme(theme);
}

/** Follows changes of the system setting while the stored choice is "system"; the stopper. */
export function followSystemTheme(): () => void {
	const query = systemQuery();
	const onChange = () => applyTheme(storedTheme());
	query.addEventListener('change', onChange);
	return () => query.removeEventListener('change', onChange);
}
