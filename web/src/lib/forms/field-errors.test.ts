import { describe, expect, it } from 'vitest';
import { toApiError } from '$lib/api/errors';
import { fieldErrors, formErrorsOf } from './field-errors';

describe('fieldErrors', () => {
	it('puts each problem on the field its location names', () => {
		const result = fieldErrors([
			{ loc: ['body', 'priority'], msg: 'Input should be less than or equal to 50' },
			{ loc: ['body', 'path'], msg: 'Value error, give an absolute path (starting with /)' }
		]);
		expect(result).toEqual({
			fields: {
				priority: 'Input should be less than or equal to 50',
				path: 'give an absolute path (starting with /)'
			},
			form: []
		});
	});

	it('reports a list item on the list, saying which item', () => {
		const result = fieldErrors([
			{ loc: ['body', 'categories', 1], msg: 'Input should be a valid integer' },
			{ loc: ['body', 'categories', 3], msg: 'Input should be a valid integer' }
		]);
		expect(result.fields.categories).toBe(
			'1: Input should be a valid integer; 3: Input should be a valid integer'
		);
	});

	it('keeps problems of the whole body and of unknown fields for the form', () => {
		const result = fieldErrors(
			[
				{ loc: ['body'], msg: 'Value error, api_key is required when Prowlarr is enabled' },
				{ loc: ['body', 'secret_sauce'], msg: 'Extra inputs are not permitted' },
				{ loc: ['body', 'url'], msg: 'Field required' }
			],
			['url', 'name']
		);
		expect(result.fields).toEqual({ url: 'Field required' });
		expect(result.form).toEqual([
			'api_key is required when Prowlarr is enabled',
			'secret_sauce: Extra inputs are not permitted'
		]);
	});
});

describe('formErrorsOf', () => {
	it('reads the errors list of a 422 answer', () => {
		const error = toApiError(422, {
			detail: 'body.name: String should have at least 1 character',
			error: 'ValidationError',
			errors: [{ loc: ['body', 'name'], msg: 'String should have at least 1 character', type: 'x' }]
		});
		expect(formErrorsOf(error)?.fields).toEqual({
			name: 'String should have at least 1 character'
		});
	});

	it('is null for errors without a field list', () => {
		expect(formErrorsOf(toApiError(409, { detail: 'taken', error: 'Conflict' }))).toBeNull();
		expect(formErrorsOf(new Error('x'))).toBeNull();
	});
});
