/** The app's toasts: a short list of messages shown by <Toaster /> and removed after a while. */

export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
	id: number;
	kind: ToastKind;
	message: string;
}

const DURATION_MS: Record<ToastKind, number> = { success: 4000, info: 4000, error: 8000 };
const MAX_VISIBLE = 4;

class Toasts {
	items = $state<Toast[]>([]);
	#next = 1;

	show(kind: ToastKind, message: string): number {
		const id = this.#next++;
		// The same message twice in a row (a retried request) shows once.
		this.items = [...this.items.filter((t) => t.message !== message), { id, kind, message }].slice(
			-MAX_VISIBLE
		);
		setTimeout(() => this.dismiss(id), DURATION_MS[kind]);
		return id;
	}

	dismiss(id: number): void {
		this.items = this.items.filter((t) => t.id !== id);
	}
}

export const toasts = new Toasts();

export const toast = {
	success: (message: string) => toasts.show('success', message),
	error: (message: string) => toasts.show('error', message),
	info: (message: string) => toasts.show('info', message)
};
