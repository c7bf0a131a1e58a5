import { formatAge } from '$lib/format';

/** Copies text to the clipboard; falls back to the selected field where the API is missing. */
export async function copyText(text: string, field?: HTMLInputElement | null): Promise<boolean> {
	try {
		// Only on secure origins (https or localhost); a server reached over plain http has none.
		await navigator.clipboard.writeText(text);
		return true;
	} catch {
		if (!field) return false;
		field.select();
		return document.execCommand('copy');
	}
}

/** "just now", "5 min ago", "3 d ago". */
export function ago(iso: string): string {
	const age = formatAge(iso);
	return age === '0 min' ? 'just now' : `${age} ago`;
}
