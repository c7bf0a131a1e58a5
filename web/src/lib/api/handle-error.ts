import { toast } from '$lib/toast.svelte';
import { ApiError, NotSignedIn } from './errors';

/** The one place that tells the user about a failed call: a toast with the server's message. */
export function handleError(error: unknown, context?: string): void {
	if (error instanceof NotSignedIn) return; // the client is already on its way to login
	const prefix = context ? `${context}: ` : '';
	if (error instanceof ApiError) {
		toast.error(prefix + error.message);
	} else if (error instanceof TypeError) {
		// fetch() rejects with a TypeError when the server cannot be reached at all.
		toast.error(`${prefix}The server cannot be reached. Is MediaManager running?`);
	} else {
		console.error(error);
		toast.error(`${prefix}Something went wrong: ${String(error)}`);
	}
}
