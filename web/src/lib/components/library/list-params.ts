/** The query of a library list page (TV, movies), kept in the address so it survives reloads. */

export const PAGE_SIZE = 30;

export interface ListParams {
	page: number;
	search: string;
	library: string;
}

export function readListParams(url: URL): ListParams {
	const page = Number.parseInt(url.searchParams.get('page') ?? '1', 10);
	return {
		page: Number.isFinite(page) && page >= 1 ? page : 1,
		search: (url.searchParams.get('search') ?? '').trim(),
		library: url.searchParams.get('library') ?? ''
	};
}

/** The address of the same list with some parameters changed; defaults are left out. */
export function listHref(url: URL, changes: Partial<ListParams>): string {
	const next = { ...readListParams(url), ...changes };
	const query = new URLSearchParams();
	if (next.search) query.set('search', next.search);
	if (next.library) query.set('library', next.library);
	if (next.page > 1) query.set('page', String(next.page));
	const text = query.toString();
	return text ? `${url.pathname}?${text}` : url.pathname;
}

export function pageCount(total: number, pageSize: number): number {
	return Math.max(1, Math.ceil(total / pageSize));
}
