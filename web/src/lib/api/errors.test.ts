import { describe, expect, it } from 'vitest';
import {
	ApiError,
	Conflict,
	errorMessage,
	InvalidInput,
	NotSignedIn,
	TooManyAttempts,
	unwrap
} from './errors';

function result(status: number, body: unknown) {
	const response = new Response(null, { status });
	return response.ok ? { data: body, response } : { error: body, response };
}

describe('unwrap', () => {
	it('returns the data of a successful call', () => {
		expect(unwrap(result(200, { id: 1 }))).toEqual({ id: 1 });
	});

	it('returns undefined for 204 No Content', () => {
		expect(unwrap(result(204, undefined))).toBeUndefined();
	});

	it('throws the subclass of the status with the server message and error name', () => {
		const body = {
			detail: 'An account with this email address already exists',
			error: 'EmailAlreadyUsed'
		};
		const thrown = (() => {
			try {
				unwrap(result(409, body));
			} catch (e) {
				return e;
			}
		})();
		expect(thrown).toBeInstanceOf(Conflict);
		expect(thrown).toBeInstanceOf(ApiError);
		expect(thrown).toMatchObject({
			status: 409,
			code: 'EmailAlreadyUsed',
			message: 'An account with this email address already exists'
		});
	});

	it.each([
		[401, NotSignedIn],
		[400, InvalidInput],
		[422, InvalidInput],
		[429, TooManyAttempts]
	])('maps %i to its error type', (status, Type) => {
		expect(() => unwrap(result(status, { detail: 'x' }))).toThrow(Type);
	});

	it('throws a plain ApiError for statuses without a type', () => {
		let thrown: unknown;
		try {
			unwrap(result(502, { detail: 'The metadata relay is down', error: 'RelayUnavailable' }));
		} catch (e) {
			thrown = e;
		}
		expect(thrown).toBeInstanceOf(ApiError);
		expect(thrown).not.toBeInstanceOf(InvalidInput);
		expect((thrown as ApiError).message).toBe('The metadata relay is down');
	});
});

describe('errorMessage', () => {
	it('joins the messages of FastAPI validation lists', () => {
		const body = { detail: [{ loc: ['body', 'email'], msg: 'bad email' }, { msg: 'too short' }] };
		expect(errorMessage(body, 422)).toBe('bad email; too short');
	});

	it('falls back to the status when the body says nothing', () => {
		expect(errorMessage(undefined, 503)).toBe('The server answered 503');
		expect(errorMessage({ detail: '' }, 500)).toBe('The server answered 500');
	});

	it('uses a text body (a proxy error page) cut short', () => {
		expect(errorMessage('Bad gateway\n', 502)).toBe('Bad gateway');
		expect(errorMessage('x'.repeat(1000), 502)).toHaveLength(300);
	});
});
