import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';

/** The unread count of the bell; the notifications page refreshes it after changes. */
class Unread {
	count = $state(0);

	async refresh(): Promise<void> {
		try {
			this.count = unwrap(await api.GET('/api/v1/notifications/unread-count')).unread;
		} catch {
			// The bell is not worth a toast; the next poll tries again.
		}
	}

	/** Polls every `ms` while the returned stop function is not called. */
	start(ms = 30_000): () => void {
		void this.refresh();
		const timer = setInterval(() => {
			if (document.visibilityState === 'visible') void this.refresh();
		}, ms);
		return () => clearInterval(timer);
	}
}

export const unread = new Unread();
