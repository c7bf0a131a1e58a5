/** The query of a library list page (TV, movies), kept in the address so it survives reloads. */

export const PAGE_SIZE = 30;

export const SORTS = ['name', 'added', 'year'] as const;
export type ListSort = (typeof SORTS)[number];
export type ListOrder = 'asc' | 'desc';
/** '' shows all; 'true'/'false' as the API's `monitored` filter takes them. */
export type MonitoredFilter = '' | 'true' | 'false';
export type ListView = 'grid' | 'list';

/** The status filter's values per list page: a show's run, a movie's file. */
export const STATUSES: Record<string, readonly { value: string; label: string }[]> = {
	'/tv': [
		{ value: 'continuing', label: 'Continuing' },
		{ value: 'ended', label: 'Ended' }
	],
	'/movies': [
		{ value: 'on-disk', label: 'On disk' },
		{ value: 'missing', label: 'Missing' }
	]
};

export interface ListParams {
	page: number;
	search: string;
	library: string;
	sort: ListSort;
	order: ListOrder;
	/** One of the page's STATUSES values, or '' for all. */
	status: string;
	monitored: MonitoredFilter;
	view: ListView;
}

const DEFAULTS: Omit<ListParams, 'page' | 'search' | 'library'> = {
	sort: 'name',
	order: 'asc',
	status: '',
	monitored: '',
	view: 'grid'
};

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
	return allowed.includes(value as T) ? (value as T) : fallback;
}

/** The list's parameters; unknown values (an old link, a typo) fall back to the defaults. */
export function readListParams(url: URL): ListParams {
	const q = url.searchParams;
	const statuses = (STATUSES[url.pathname] ?? []).map((s) => s.value);
	const page = Number.parseInt(q.get('page') ?? '1', 10);
	return {
		page: Number.isFinite(page) && page >= 1 ? page : 1,
		search: (q.get('search') ?? '').trim(),
		library: q.get('library') ?? '',
		sort: oneOf(q.get('sort'), SORTS, DEFAULTS.sort),
		order: oneOf(q.get('order'), ['asc', 'desc'], DEFAULTS.order),
		status: oneOf(q.get('status'), statuses, ''),
		monitored: oneOf(q.get('monitored'), ['true', 'false'], ''),
		view: oneOf(q.get('view'), ['grid', 'list'], DEFAULTS.view)
	};
}

/** The address of the same list with some parameters changed; defaults are left out. */
export function listHref(url: URL, changes: Partial<ListParams>): string {
	const next = { ...readListParams(url), ...changes };
	const query = new URLSearchParams();
	if (next.search) query.set('search', next.search);
	if (next.library) query.set('library', next.library);
	if (next.status) query.set('status', next.status);
	if (next.monitored) query.set('monitored', next.monitored);
	if (next.sort !== DEFAULTS.sort) query.set('sort', next.sort);
	if (next.order !== DEFAULTS.order) query.set('order', next.order);
	if (next.view !== DEFAULTS.view) query.set('view', next.view);
	if (next.page > 1) query.set('page', String(next.page));
	const text = query.toString();
	return text ? `${url.pathname}?${text}` : url.pathname;
}

/** Whether a search or filter narrows the list (an empty list then means "no match"). */
export function isFiltered(params: ListParams): boolean {
	return Boolean(params.search || params.library || params.status || params.monitored);
}

/** The API's `monitored` query value. */
export function monitoredQuery(params: ListParams): boolean | undefined {
	return params.monitored === '' ? undefined : params.monitored === 'true';
}

export function pageCount(total: number, pageSize: number): number {
	return Math.max(1, Math.ceil(total / pageSize));
}
