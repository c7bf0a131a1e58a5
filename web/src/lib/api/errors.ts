/** Errors of API calls as typed exceptions, from the server's `{detail, error}` bodies. */

export interface ErrorBody {
	detail?: unknown;
	/** The server's error class name, e.g. "EmailAlreadyUsed". */
	error?: string;
}

/** One entry of a 422's `errors`: where in the request (["body", "url"]) and what is wrong. */
export interface ValidationItem {
	loc: (string | number)[];
	msg: string;
	type?: string;
}

export class ApiError extends Error {
	readonly status: number;
	/** The server's error name (its exception class), when it sent one. */
	readonly code: string | undefined;
	/** Per-field problems of a validation error (422); empty for other errors. */
	readonly errors: ValidationItem[];

	constructor(status: number, message: string, code?: string, errors: ValidationItem[] = []) {
		super(message);
		this.name = 'ApiError';
		this.status = status;
		this.code = code;
		this.errors = errors;
	}
}

/** 401: no valid session; the client sends the browser to the login page. */
export class NotSignedIn extends ApiError {}
/** 403: signed in, but not allowed (or the account waits for approval). */
export class Forbidden extends ApiError {}
export class NotFound extends ApiError {}
/** 422 and 400: the request was refused for its content; the message says what to fix. */
export class InvalidInput extends ApiError {}
export class Conflict extends ApiError {}
export class TooManyAttempts extends ApiError {}

const BY_STATUS: Record<number, typeof ApiError> = {
	400: InvalidInput,
	401: NotSignedIn,
	403: Forbidden,
	404: NotFound,
	409: Conflict,
	422: InvalidInput,
	429: TooManyAttempts
};

/** The message to show for an error body, whatever its shape. */
export function errorMessage(body: unknown, status: number): string {
	if (body && typeof body === 'object' && 'detail' in body) {
		const detail = (body as ErrorBody).detail;
		if (typeof detail === 'string' && detail) return detail;
		// FastAPI's own validation errors: a list of {loc, msg}.
		if (Array.isArray(detail) && detail.length) {
			return detail
				.map((d) => (d && typeof d === 'object' && 'msg' in d ? String(d.msg) : String(d)))
				.join('; ');
		}
	}
	if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 300);
	return `The server answered ${status}`;
}

/** The `errors` list of the server's validation answers (or FastAPI's own `detail` list). */
export function validationItems(body: unknown): ValidationItem[] {
	if (!body || typeof body !== 'object') return [];
	const b = body as { errors?: unknown; detail?: unknown };
	const list = Array.isArray(b.errors) ? b.errors : Array.isArray(b.detail) ? b.detail : [];
	return list.filter(
		(item): item is ValidationItem =>
			!!item && typeof item === 'object' && Array.isArray(item.loc) && 'msg' in item
	);
}

export function toApiError(status: number, body: unknown): ApiError {
	const Type = BY_STATUS[status] ?? ApiError;
	const code =
		body && typeof body === 'object' && typeof (body as ErrorBody).error === 'string'
			? (body as ErrorBody).error
			: undefined;
	return new Type(status, errorMessage(body, status), code, validationItems(body));
}

/** The data of an openapi-fetch result, or the error as an ApiError subclass thrown. */
export function unwrap<D>(result: { data?: D; error?: unknown; response: Response }): D {
	if (!result.response.ok) throw toApiError(result.response.status, result.error);
	return result.data as D;
}
