import { unwrap } from '$lib/api/errors';
import { handleError } from '$lib/api/handle-error';
import type { components } from '$lib/api/schema';
import { toast } from '$lib/toast.svelte';

type SearchNowResult = components['schemas']['SearchNowResult'];

/** An automatic search started from a page: which one runs, and the decisions it made. */
export class SearchNow {
	running = $state<string | null>(null);
	open = $state(false);
	title = $state('');
	result = $state<SearchNowResult | null>(null);

	async run(
		key: string,
		title: string,
		call: () => Promise<{ data?: SearchNowResult; error?: unknown; response: Response }>,
		after?: () => Promise<unknown>
	): Promise<void> {
		this.running = key;
		try {
			this.result = unwrap(await call());
			this.title = title;
			this.open = true;
			if (this.result.grabbed) toast.success(`Grabbed ${this.result.grabbed} release(s)`);
			await after?.();
		} catch (e) {
			handleError(e, 'Automatic search');
		} finally {
			this.running = null;
		}
	}
}
