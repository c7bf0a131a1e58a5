/** The download queue, kept fresh by polling with If-None-Match (304 when nothing changed). */
import { api } from '$lib/api/client';
import { toApiError } from '$lib/api/errors';
import { handleError } from '$lib/api/handle-error';
import type { components } from '$lib/api/schema';

export type Download = components['schemas']['DownloadRead'];
export type DownloadPage = components['schemas']['Page_DownloadRead_'];

export const POLL_MS = 3000;

export class QueuePoller {
	page = $state<DownloadPage | null>(null);
	#etag: string | undefined;
	#timer: ReturnType<typeof setInterval> | undefined;
	#failing = false;

	constructor(initial: DownloadPage | null = null) {
		this.page = initial;
	}

	async refresh(): Promise<void> {
		try {
			const { data, error, response } = await api.GET('/api/v1/activity/queue', {
				params: { query: { page: 1, page_size: 100 }, header: { 'if-none-match': this.#etag } }
			});
			this.#failing = false;
			if (response.status === 304) return;
			if (!response.ok || !data) throw toApiError(response.status, error);
			this.#etag = response.headers.get('ETag') ?? undefined;
			this.page = data;
		} catch (e) {
			// One toast when polling starts failing, not one every few seconds.
			if (!this.#failing) handleError(e, 'Updating the queue');
			this.#failing = true;
		}
	}

	/** Polls until the returned function is called (use as an $effect's cleanup). */
	start(): () => void {
		// At once, for the ETag the page's first load did not keep.
		void this.refresh();
		this.#timer = setInterval(() => {
			// A hidden tab does not need live progress.
			if (document.visibilityState === 'visible') void this.refresh();
		}, POLL_MS);
		return () => clearInterval(this.#timer);
	}
}
