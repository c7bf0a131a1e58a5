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
