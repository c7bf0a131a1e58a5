/** Between an entry as the API reads it and the strings and switches of a form; pure. */
import type { FieldSpec } from './sections';

export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;
export type Entry = Record<string, unknown>;

function text(value: unknown): string {
	if (value == null) return '';
	if (Array.isArray(value)) return value.join(', ');
	return String(value);
}

/** The form's starting values: the entry's, or the defaults of a new entry. Secrets start empty. */
export function toFormValues(fields: FieldSpec[], entry?: Entry | null): FormValues {
	const values: FormValues = {};
	for (const field of fields) {
		const current = entry ? entry[field.name] : field.initial;
		if (field.kind === 'bool') values[field.name] = Boolean(current ?? false);
		else if (field.kind === 'secret') values[field.name] = '';
		else values[field.name] = text(current);
	}
	return values;
}

/** The comma-separated parts of a list field, trimmed, empty ones dropped. */
export function list(value: string): string[] {
	return value
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
}

/**
 * The request body for the form's values. Empty secrets are left out (kept as they are); empty
 * fields are left out too, except nullable ones when editing, which are cleared with null.
 * Numbers that do not read as numbers are sent as typed, so the server's message names them.
 */
export function toBody(
	fields: FieldSpec[],
	values: FormValues,
	{ editing = false, skip = [] }: { editing?: boolean; skip?: readonly string[] } = {}
): Entry {
	const body: Entry = {};
	for (const field of fields) {
		if (skip.includes(field.name)) continue;
		const value = values[field.name];
		if (field.kind === 'bool') {
			body[field.name] = Boolean(value);
			continue;
		}
		const raw = typeof value === 'string' ? value.trim() : '';
		if (raw === '') {
			if (field.nullable && editing) body[field.name] = null;
			continue;
		}
		switch (field.kind) {
			case 'number':
				body[field.name] = Number.isNaN(Number(raw)) ? raw : Number(raw);
				break;
			case 'int-list':
				body[field.name] = list(raw).map((part) => (/^-?\d+$/.test(part) ? Number(part) : part));
				break;
			case 'text-list':
			case 'multi':
				body[field.name] = list(raw);
				break;
			default:
				body[field.name] = raw;
		}
	}
	return body;
}

/** Fields the form requires but are empty: checked before sending, named like the server would. */
export function missingRequired(fields: FieldSpec[], values: FormValues): Record<string, string> {
	const missing: Record<string, string> = {};
	for (const field of fields) {
		if (field.required && field.kind !== 'bool' && String(values[field.name] ?? '').trim() === '')
			missing[field.name] = 'Required';
	}
	return missing;
}
