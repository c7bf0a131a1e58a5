/**
 * Calls of the settings API for any section. Each section has its own typed routes on the
 * server; the forms here are generic over sections, so they use the one client untyped.
 */
import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { components } from '$lib/api/schema';
import type { Entry } from './form-values';

export type CheckResult = components['schemas']['CheckResult'];

/** A collection entry as every section reads it, besides its own fields. */
export type CollectionEntry = Entry & {
	id: string;
	name: string;
	source: 'file' | 'database' | 'default';
	read_only: boolean;
};
export type SingletonValues = Entry & { pinned: string[] };

type Result = { data?: unknown; error?: unknown; response: Response };
type Init = { body?: unknown };
interface LooseClient {
	GET(url: string, init?: Init): Promise<Result>;
	POST(url: string, init?: Init): Promise<Result>;
	PATCH(url: string, init?: Init): Promise<Result>;
	DELETE(url: string, init?: Init): Promise<Result>;
}
const loose = api as unknown as LooseClient;

const base = (key: string) => `/api/v1/settings/${key}`;
const entryUrl = (key: string, id: string) => `${base(key)}/${encodeURIComponent(id)}`;

export const settingsApi = {
	async list(key: string): Promise<CollectionEntry[]> {
		return unwrap(await loose.GET(base(key))) as CollectionEntry[];
	},
	async values(key: string): Promise<SingletonValues> {
		return unwrap(await loose.GET(base(key))) as SingletonValues;
	},
	async create(key: string, body: Entry): Promise<CollectionEntry> {
		return unwrap(await loose.POST(base(key), { body })) as CollectionEntry;
	},
	async update(key: string, id: string, body: Entry): Promise<CollectionEntry> {
		return unwrap(await loose.PATCH(entryUrl(key, id), { body })) as CollectionEntry;
	},
	async updateValues(key: string, body: Entry): Promise<SingletonValues> {
		return unwrap(await loose.PATCH(base(key), { body })) as SingletonValues;
	},
	async remove(key: string, id: string): Promise<void> {
		unwrap(await loose.DELETE(entryUrl(key, id)));
	},
	/** Tests values before saving; with `id`, what the body leaves out comes from that entry. */
	async testUnsaved(key: string, body: Entry): Promise<CheckResult> {
		return unwrap(await loose.POST(`${base(key)}/test`, { body })) as CheckResult;
	},
	async testSaved(key: string, id: string): Promise<CheckResult> {
		return unwrap(await loose.POST(`${entryUrl(key, id)}/test`)) as CheckResult;
	}
};
