/** Turning a 422's per-field list into messages next to the form's fields. */
import { ApiError, type ValidationItem } from '$lib/api/errors';

export interface FormErrors {
	/** Field name (the first part of the body's location) → what is wrong with it. */
	fields: Record<string, string>;
	/** Problems that belong to no single field (the whole body, or a field the form lacks). */
	form: string[];
}

// Pydantic starts messages of custom validators with this; the rest reads on its own.
const PREFIXES = ['Value error, ', 'Assertion failed, '];

export function cleanMessage(msg: string): string {
	for (const prefix of PREFIXES) if (msg.startsWith(prefix)) return msg.slice(prefix.length);
	return msg;
}

/**
 * Groups validation problems by field. `known` lists the form's fields: problems of other fields
 * go to `form` with the field's name in front, so that nothing the server said is lost.
 */
export function fieldErrors(items: ValidationItem[], known?: Iterable<string>): FormErrors {
	const names = known ? new Set(known) : null;
	const result: FormErrors = { fields: {}, form: [] };
	for (const item of items) {
		const loc = item.loc[0] === 'body' || item.loc[0] === 'query' ? item.loc.slice(1) : item.loc;
		const field = typeof loc[0] === 'string' ? loc[0] : null;
		const msg = cleanMessage(item.msg);
		if (field && (!names || names.has(field))) {
			// A list's items ("categories.1") are reported on the list's field.
			const where = loc.length > 1 ? `${loc.slice(1).join('.')}: ` : '';
			const text = where + msg;
			const previous = result.fields[field];
			result.fields[field] = previous ? `${previous}; ${text}` : text;
		} else {
			result.form.push(loc.length ? `${loc.join('.')}: ${msg}` : msg);
		}
	}
	return result;
}

/** The field errors of an error thrown by `unwrap`, or null when it is not a validation error. */
export function formErrorsOf(error: unknown, known?: Iterable<string>): FormErrors | null {
	if (!(error instanceof ApiError) || error.errors.length === 0) return null;
	return fieldErrors(error.errors, known);
}
