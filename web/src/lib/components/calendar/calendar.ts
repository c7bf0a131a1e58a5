/** Days, ranges and grids of the calendar page. Days are ISO strings ("2026-12-01"). */
import type { components } from '$lib/api/schema';

export type CalendarItem = components['schemas']['CalendarRead']['items'][number];
export type CalendarView = 'month' | 'week' | 'agenda';

export const VIEWS: { id: CalendarView; label: string }[] = [
	{ id: 'month', label: 'Month' },
	{ id: 'week', label: 'Week' },
	{ id: 'agenda', label: 'Agenda' }
];

/** Days an agenda shows from its first day on; prev/next move by as much. */
export const AGENDA_DAYS = 28;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Arithmetic in UTC, so that a daylight-saving change never adds or loses a day.
function toDate(day: string): Date {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d));
}

function toDay(date: Date): string {
	return date.toISOString().slice(0, 10);
}

/** The day a query parameter names, or null when it is not a real ISO day. */
export function parseDay(value: string | null | undefined): string | null {
	if (!value || !DAY_RE.test(value)) return null;
	return toDay(toDate(value)) === value ? value : null;
}

export function parseView(value: string | null | undefined): CalendarView | null {
	return VIEWS.some((v) => v.id === value) ? (value as CalendarView) : null;
}

/** Today in the browser's time zone. */
export function today(now: Date = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function addDays(day: string, days: number): string {
	const date = toDate(day);
	date.setUTCDate(date.getUTCDate() + days);
	return toDay(date);
}

/** The first day of the month `months` after the day's month. */
export function addMonths(day: string, months: number): string {
	const date = toDate(day);
	return toDay(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1)));
}

export function startOfMonth(day: string): string {
	return `${day.slice(0, 7)}-01`;
}

export function endOfMonth(day: string): string {
	return addDays(addMonths(day, 1), -1);
}

/** The Monday of the day's week (weeks start on Monday, as ISO 8601 has them). */
export function startOfWeek(day: string): string {
	const weekday = (toDate(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
	return addDays(day, -weekday);
}

/** The month of `day` as whole weeks: rows of seven days, Monday first, spilling over. */
export function monthGrid(day: string): string[][] {
	const first = startOfWeek(startOfMonth(day));
	const last = endOfMonth(day);
	const weeks: string[][] = [];
	for (let start = first; start <= last; start = addDays(start, 7)) {
		weeks.push(Array.from({ length: 7 }, (_, i) => addDays(start, i)));
	}
	return weeks;
}

/** The days a view of `anchor` shows, first and last inclusive (what the API is asked for). */
export function viewRange(view: CalendarView, anchor: string): { start: string; end: string } {
	if (view === 'month') {
		const weeks = monthGrid(anchor);
		return { start: weeks[0][0], end: weeks[weeks.length - 1][6] };
	}
	if (view === 'week') {
		const start = startOfWeek(anchor);
		return { start, end: addDays(start, 6) };
	}
	return { start: anchor, end: addDays(anchor, AGENDA_DAYS - 1) };
}

/** The anchor of the previous (-1) or next (1) page of a view. */
export function shift(view: CalendarView, anchor: string, direction: -1 | 1): string {
	if (view === 'month') return addMonths(anchor, direction);
	if (view === 'week') return addDays(startOfWeek(anchor), 7 * direction);
	return addDays(anchor, AGENDA_DAYS * direction);
}

export function itemDay(item: CalendarItem): string {
	return item.kind === 'episode' ? item.air_date : item.release_date;
}

export function itemKey(item: CalendarItem): string {
	return item.kind === 'episode' ? `e:${item.episode_id}` : `m:${item.movie_id}`;
}

/** Items by day, in the order the API sent them (it sorts each day already). */
export function byDay(items: CalendarItem[]): Map<string, CalendarItem[]> {
	const days = new Map<string, CalendarItem[]>();
	for (const item of items) {
		const day = itemDay(item);
		const list = days.get(day);
		if (list) list.push(item);
		else days.set(day, [item]);
	}
	return days;
}

/** The heading of a view: "December 2026", "30 Nov – 6 Dec 2026". */
export function viewTitle(
	view: CalendarView,
	anchor: string,
	locale: string | undefined = undefined
): string {
	const utc = { timeZone: 'UTC' } as const;
	if (view === 'month') {
		return toDate(anchor).toLocaleDateString(locale, { ...utc, month: 'long', year: 'numeric' });
	}
	const { start, end } = viewRange(view, anchor);
	const short = { ...utc, day: 'numeric', month: 'short' } as const;
	const from = toDate(start).toLocaleDateString(locale, short);
	const to = toDate(end).toLocaleDateString(locale, { ...short, year: 'numeric' });
	return `${from} – ${to}`;
}

/** A day as a heading of the agenda or a label of a cell: "Tuesday, 1 December". */
export function dayLabel(day: string, locale: string | undefined = undefined): string {
	return toDate(day).toLocaleDateString(locale, {
		timeZone: 'UTC',
		weekday: 'long',
		day: 'numeric',
		month: 'long'
	});
}

/** The weekday names of a grid's columns, Monday first. */
export function weekdayNames(
	style: 'short' | 'long',
	locale: string | undefined = undefined
): string[] {
	// 2024-01-01 was a Monday.
	return Array.from({ length: 7 }, (_, i) =>
		toDate(addDays('2024-01-01', i)).toLocaleDateString(locale, {
			timeZone: 'UTC',
			weekday: style
		})
	);
}

/** The query of a calendar address; the default view (for this screen) is left out. */
export function calendarHref(view: CalendarView, anchor: string, todayDay: string): string {
	const params = new URLSearchParams({ view });
	if (anchor !== todayDay) params.set('date', anchor);
	return `/calendar?${params}`;
}
