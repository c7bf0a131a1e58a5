import { describe, expect, it } from 'vitest';
import { isDark, parseTheme } from './theme';

describe('parseTheme', () => {
	it.each(['light', 'dark', 'system'] as const)('keeps %s', (theme) => {
		expect(parseTheme(theme)).toBe(theme);
	});

	it.each([null, '', 'Dark', 'blue'])('falls back to system for %s', (stored) => {
		expect(parseTheme(stored)).toBe('system');
	});
});

describe('isDark', () => {
	it('follows the system only when the choice is system', () => {
		expect([isDark('system', true), isDark('system', false)]).toEqual([true, false]);
		expect([isDark('dark', false), isDark('light', true)]).toEqual([true, false]);
	});
});
