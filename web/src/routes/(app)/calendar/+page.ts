import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import { parseDay, parseView, today, viewRange } from '$lib/components/calendar/calendar';
import type { PageLoad } from './$types';

// Phones open on the agenda: a month grid of seven narrow columns shows little.
const PHONE = '(max-width: 767px)';

export const load: PageLoad = async ({ url }) => {
	const todayDay = today();
	const view =
		parseView(url.searchParams.get('view')) ??
		(window.matchMedia(PHONE).matches ? 'agenda' : 'month');
	const anchor = parseDay(url.searchParams.get('date')) ?? todayDay;
	const range = viewRange(view, anchor);
	const calendar = unwrap(await api.GET('/api/v1/calendar', { params: { query: range } }));
	return { view, anchor, today: todayDay, calendar };
};
