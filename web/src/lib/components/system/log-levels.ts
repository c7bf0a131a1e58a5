/** The log levels the logs tab filters by, read from the page's address; pure. */

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEFAULT_LEVEL: LogLevel = 'INFO';

/** `?level=` of the address, upper-cased; the default when missing or unknown. */
export function readLevel(url: URL): LogLevel {
	const value = (url.searchParams.get('level') ?? '').toUpperCase();
	return (LOG_LEVELS as readonly string[]).includes(value) ? (value as LogLevel) : DEFAULT_LEVEL;
}

/** The address showing `level`; the default level leaves the parameter out. */
export function levelHref(url: URL, level: LogLevel): string {
	const next = new URL(url);
	if (level === DEFAULT_LEVEL) next.searchParams.delete('level');
	else next.searchParams.set('level', level);
	return next.pathname + next.search;
}
