/** How sizes, speeds, durations and ages read in the app; pure, so it is unit-tested. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** 1536 → "1.5 KB"; binary multiples, as download clients show them. */
export function formatBytes(bytes: number | null | undefined): string {
	if (bytes == null || !Number.isFinite(bytes) || bytes < 0) return '—';
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < UNITS.length - 1) {
		value /= 1024;
		unit++;
	}
	const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
	return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatSpeed(bytesPerSecond: number | null | undefined): string {
	if (bytesPerSecond == null || bytesPerSecond <= 0) return '—';
	return `${formatBytes(bytesPerSecond)}/s`;
}

/** Seconds left → "45s", "12m", "3h 05m", "2d 4h"; unknown or infinite → "—". */
export function formatEta(seconds: number | null | undefined): string {
	// Clients report "unknown" as a negative number or a huge one (qBittorrent: 8640000).
	if (seconds == null || !Number.isFinite(seconds) || seconds < 0 || seconds >= 8_640_000)
		return '—';
	const s = Math.round(seconds);
	if (s < 60) return `${s}s`;
	const minutes = Math.floor(s / 60);
	if (minutes < 60) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
	return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** How long ago: "5 min", "3 h", "12 d", "2 y". */
export function formatAge(iso: string | null | undefined, now: Date = new Date()): string {
	if (!iso) return '—';
	const then = new Date(iso).getTime();
	if (Number.isNaN(then)) return '—';
	const minutes = Math.max(0, Math.floor((now.getTime() - then) / 60_000));
	if (minutes < 60) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return `${hours} h`;
	const days = Math.floor(hours / 24);
	if (days < 365) return `${days} d`;
	return `${Math.floor(days / 365)} y`;
}

/** "0.423" → "42%", clamped to 0–100. */
export function formatPercent(fraction: number | null | undefined): string {
	if (fraction == null || Number.isNaN(fraction)) return '—';
	return `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}

/** An ISO date ("2024-01-05") as the browser's locale writes it, without time zone shifts. */
export function formatDate(iso: string | null | undefined): string {
	if (!iso) return 'TBA';
	const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
	if (!y || !m || !d) return iso;
	return new Date(y, m - 1, d).toLocaleDateString(undefined, {
		year: 'numeric',
		month: 'short',
		day: 'numeric'
	});
}

/** A duration in seconds: "0.4 s", "45 s", "15 min", "6 h", "2 d" (whole units when exact). */
export function formatDuration(seconds: number | null | undefined): string {
	if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '—';
	if (seconds < 10) return `${Math.round(seconds * 10) / 10} s`;
	if (seconds < 60) return `${Math.round(seconds)} s`;
	if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
	if (seconds < 86_400) return `${Math.round((seconds / 3600) * 10) / 10} h`;
	return `${Math.round((seconds / 86_400) * 10) / 10} d`;
}
