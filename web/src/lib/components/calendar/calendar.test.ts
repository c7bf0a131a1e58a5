import { describe, expect, it } from 'vitest';
import {
	addMonths,
	byDay,
	calendarHref,
	monthGrid,
	parseDay,
	parseView,
	shift,
	startOfWeek,
	today,
	viewRange,
	viewTitle,
	weekdayNames,
	type CalendarItem
} from './calendar';

function episode(air_date: string, number: number): CalendarItem {
	return {
		kind: 'episode',
		episode_id: `e${number}`,
		show_id: 's',
		show_name: 'Show',
		season_number: 1,
		episode_number: number,
		title: `Episode ${number}`,
		overview: '',
		air_date,
		has_file: false
	};
}

describe('monthGrid', () => {
	it('covers the month in whole weeks from Monday to Sunday', () => {
		// December 2026 starts on a Tuesday and ends on a Thursday.
		const weeks = monthGrid('2026-12-15');
		expect(weeks).toHaveLength(5);
		expect(weeks[0][0]).toBe('2026-11-30');
		expect(weeks[4][6]).toBe('2027-01-03');
		expect(weeks.every((w) => w.length === 7)).toBe(true);
	});

	it('needs four rows for a February that starts on a Monday', () => {
		const weeks = monthGrid('2021-02-10');
		expect(weeks).toHaveLength(4);
		expect(weeks[0][0]).toBe('2021-02-01');
		expect(weeks[3][6]).toBe('2021-02-28');
	});

	it('needs six rows for a long month that starts on a Sunday', () => {
		const weeks = monthGrid('2026-03-01');
		expect(weeks).toHaveLength(6);
		expect(weeks[0][6]).toBe('2026-03-01');
		expect(weeks[5][1]).toBe('2026-03-31');
	});

	it('counts every day once across a daylight-saving change', () => {
		const days = monthGrid('2026-10-10').flat();
		expect(new Set(days).size).toBe(days.length);
		expect(days).toContain('2026-10-25');
		expect(days).toContain('2026-10-26');
	});
});

describe('viewRange and shift', () => {
	it('asks for the whole grid of a month', () => {
		expect(viewRange('month', '2026-12-01')).toEqual({ start: '2026-11-30', end: '2027-01-03' });
	});

	it('asks for Monday to Sunday of a week', () => {
		expect(viewRange('week', '2026-12-03')).toEqual({ start: '2026-11-30', end: '2026-12-06' });
	});

	it('asks for four weeks from the first day of an agenda', () => {
		expect(viewRange('agenda', '2026-12-20')).toEqual({ start: '2026-12-20', end: '2027-01-16' });
	});

	it('moves a month from the 31st to the next month, not past it', () => {
		expect(shift('month', '2027-01-31', 1)).toBe('2027-02-01');
		expect(shift('month', '2027-01-31', -1)).toBe('2026-12-01');
		expect(addMonths('2026-12-31', 2)).toBe('2027-02-01');
	});

	it('moves a week to the Monday before or after', () => {
		expect(shift('week', '2026-12-03', 1)).toBe('2026-12-07');
		expect(shift('week', '2026-12-03', -1)).toBe('2026-11-23');
	});

	it('moves an agenda by its length', () => {
		expect(shift('agenda', '2026-12-01', 1)).toBe('2026-12-29');
	});

	it('finds the Monday of a Sunday in the week before', () => {
		expect(startOfWeek('2026-12-06')).toBe('2026-11-30');
		expect(startOfWeek('2026-11-30')).toBe('2026-11-30');
	});
});

describe('parsing the address', () => {
	it('takes real days only', () => {
		expect(parseDay('2026-12-01')).toBe('2026-12-01');
		expect(parseDay('2026-02-30')).toBeNull();
		expect(parseDay('2026-1-1')).toBeNull();
		expect(parseDay(null)).toBeNull();
	});

	it('takes known views only', () => {
		expect(parseView('week')).toBe('week');
		expect(parseView('year')).toBeNull();
	});

	it('leaves today out of links', () => {
		expect(calendarHref('month', '2026-12-01', '2026-12-01')).toBe('/calendar?view=month');
		expect(calendarHref('agenda', '2027-01-01', '2026-12-01')).toBe(
			'/calendar?view=agenda&date=2027-01-01'
		);
	});

	it('reads today in the local time zone', () => {
		expect(today(new Date(2026, 11, 1, 23, 59))).toBe('2026-12-01');
	});
});

describe('byDay', () => {
	it('groups items under their day and keeps their order', () => {
		const days = byDay([
			episode('2026-12-01', 1),
			episode('2026-12-01', 2),
			episode('2026-12-08', 3)
		]);
		expect([...days.keys()]).toEqual(['2026-12-01', '2026-12-08']);
		expect(
			days.get('2026-12-01')?.map((i) => (i.kind === 'episode' ? i.episode_number : 0))
		).toEqual([1, 2]);
	});
});

describe('labels', () => {
	it('names months and week ranges', () => {
		expect(viewTitle('month', '2026-12-15', 'en-GB')).toBe('December 2026');
		expect(viewTitle('week', '2026-12-03', 'en-GB')).toBe('30 Nov – 6 Dec 2026');
	});

	it('names weekdays from Monday', () => {
		expect(weekdayNames('short', 'en-GB')[0]).toBe('Mon');
		expect(weekdayNames('short', 'en-GB')[6]).toBe('Sun');
	});
});
