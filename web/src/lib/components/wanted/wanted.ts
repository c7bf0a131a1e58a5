/** Pure helpers of the wanted lists and automation decisions (unit-tested). */
import type { components } from '$lib/api/schema';
import type { BadgeVariant } from '$lib/components/ui/badge';

export type Wanted = components['schemas']['WantedRead'];
export type Decision = components['schemas']['DecisionRead'];
export type WantedTab = 'missing' | 'cutoff';

/** "S01E02", or "" for a movie. */
export function episodeCode(season: number | null, episode: number | null): string {
	if (season == null || episode == null) return '';
	return `S${String(season).padStart(2, '0')}E${String(episode).padStart(2, '0')}`;
}

/** Where an item's page is. */
export function itemHref(item: Pick<Wanted, 'kind' | 'item_id'>): string {
	return item.kind === 'tv' ? `/tv/${item.item_id}` : `/movies/${item.item_id}`;
}

export const OUTCOME_VARIANT: Record<Decision['outcome'], BadgeVariant> = {
	grabbed: 'success',
	nothing: 'secondary',
	skipped: 'outline',
	failed: 'destructive',
	blocklisted: 'destructive'
};

/** The same URL with `changes` applied to its query; null or 1 (page) drop the parameter. */
export function withQuery(url: URL, changes: Record<string, string | number | null>): string {
	const query = new URLSearchParams(url.search);
	for (const [key, value] of Object.entries(changes)) {
		if (value == null || (key === 'page' && Number(value) <= 1)) query.delete(key);
		else query.set(key, String(value));
	}
	const text = query.toString();
	return text ? `${url.pathname}?${text}` : url.pathname;
}

/** A positive page number from the query, 1 when missing or nonsense. */
export function pageParam(url: URL): number {
	const page = Number(url.searchParams.get('page'));
	return Number.isInteger(page) && page > 0 ? page : 1;
}

export const WANTED_PAGE_SIZE = 25;
