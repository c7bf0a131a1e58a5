import { describe, expect, it } from 'vitest';
import {
	formatAge,
	formatBytes,
	formatDuration,
	formatEta,
	formatPercent,
	formatSpeed
} from './format';

describe('formatBytes', () => {
	it.each([
		[0, '0 B'],
		[1023, '1023 B'],
		[1536, '1.50 KB'],
		[15 * 1024 * 1024, '15.0 MB'],
		[1.5 * 1024 ** 3, '1.50 GB'],
		[250 * 1024 ** 3, '250 GB'],
		[3 * 1024 ** 5, '3.00 PB']
	])('%d → %s', (bytes, text) => {
		expect(formatBytes(bytes)).toBe(text);
	});

	it('shows a dash for unknown sizes', () => {
		expect(formatBytes(null)).toBe('—');
		expect(formatBytes(undefined)).toBe('—');
		expect(formatBytes(-1)).toBe('—');
		expect(formatBytes(Number.NaN)).toBe('—');
	});
});

describe('formatSpeed', () => {
	it('adds per second, and a dash when idle', () => {
		expect(formatSpeed(2 * 1024 * 1024)).toBe('2.00 MB/s');
		expect(formatSpeed(0)).toBe('—');
		expect(formatSpeed(null)).toBe('—');
	});
});

describe('formatEta', () => {
	it.each([
		[0, '0s'],
		[45, '45s'],
		[59.6, '1m'],
		[60, '1m'],
		[12 * 60 + 30, '12m'],
		[3 * 3600 + 5 * 60, '3h 05m'],
		[2 * 86400 + 4 * 3600 + 59, '2d 4h']
	])('%d s → %s', (seconds, text) => {
		expect(formatEta(seconds)).toBe(text);
	});

	it('treats negative, infinite and qBittorrent’s "forever" as unknown', () => {
		expect(formatEta(-1)).toBe('—');
		expect(formatEta(Number.POSITIVE_INFINITY)).toBe('—');
		expect(formatEta(8_640_000)).toBe('—');
		expect(formatEta(null)).toBe('—');
	});
});

describe('formatAge', () => {
	const now = new Date('2025-06-01T12:00:00Z');
	it.each([
		['2025-06-01T11:55:00Z', '5 min'],
		['2025-06-01T09:00:00Z', '3 h'],
		['2025-05-20T12:00:00Z', '12 d'],
		['2023-05-01T12:00:00Z', '2 y'],
		// A clock slightly ahead of ours is not a negative age.
		['2025-06-01T12:01:00Z', '0 min']
	])('%s → %s', (iso, text) => {
		expect(formatAge(iso, now)).toBe(text);
	});

	it('shows a dash without a date', () => {
		expect(formatAge(null, now)).toBe('—');
		expect(formatAge('not a date', now)).toBe('—');
	});
});

describe('formatPercent', () => {
	it('rounds and clamps', () => {
		expect(formatPercent(0.423)).toBe('42%');
		expect(formatPercent(1.2)).toBe('100%');
		expect(formatPercent(-0.1)).toBe('0%');
	});
});

describe('formatDuration', () => {
	it('picks the unit that reads best', () => {
		expect(formatDuration(0.42)).toBe('0.4 s');
		expect(formatDuration(45)).toBe('45 s');
		expect(formatDuration(900)).toBe('15 min');
		expect(formatDuration(6 * 3600)).toBe('6 h');
		expect(formatDuration(2 * 86_400)).toBe('2 d');
	});

	it('shows a dash for unknown durations', () => {
		expect(formatDuration(null)).toBe('—');
		expect(formatDuration(-1)).toBe('—');
	});
});
