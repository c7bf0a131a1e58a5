import { describe, expect, it } from 'vitest';
import { levelHref, readLevel } from './log-levels';

describe('readLevel', () => {
	it('reads a known level in any case, else the default', () => {
		expect(readLevel(new URL('http://h/system/logs?level=warning'))).toBe('WARNING');
		expect(readLevel(new URL('http://h/system/logs?level=LOUD'))).toBe('INFO');
		expect(readLevel(new URL('http://h/system/logs'))).toBe('INFO');
	});
});

describe('levelHref', () => {
	it('keeps other parameters and leaves the default level out', () => {
		const url = new URL('http://h/system/logs?level=ERROR&x=1');
		expect(levelHref(url, 'DEBUG')).toBe('/system/logs?level=DEBUG&x=1');
		expect(levelHref(url, 'INFO')).toBe('/system/logs?x=1');
	});
});
