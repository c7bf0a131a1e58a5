import { describe, expect, it } from 'vitest';
import { missingRequired, toBody, toFormValues } from './form-values';
import { SECTION_BY_KEY } from './sections';

const indexer = SECTION_BY_KEY.indexers.fields;
const library = SECTION_BY_KEY['tv-libraries'].fields;

describe('toFormValues', () => {
	it('starts a new entry from the defaults', () => {
		expect(toFormValues(indexer)).toEqual({
			name: '',
			url: '',
			api_key: '',
			categories: '5000, 2000',
			priority: '25',
			enabled: true,
			timeout_seconds: '30'
		});
	});

	it('shows a saved entry, never a secret', () => {
		const values = toFormValues(indexer, {
			name: 'Jackett',
			url: 'http://j/api',
			api_key_set: true,
			categories: [5030],
			priority: 3,
			enabled: false,
			timeout_seconds: 12.5
		});
		expect(values).toMatchObject({
			name: 'Jackett',
			api_key: '',
			categories: '5030',
			enabled: false
		});
		expect(values.timeout_seconds).toBe('12.5');
	});
});

describe('toBody', () => {
	it('converts numbers and lists, leaving out empty secrets', () => {
		const values = {
			...toFormValues(indexer),
			name: ' Local ',
			url: 'http://x',
			categories: '5000, 5040,'
		};
		expect(toBody(indexer, values)).toEqual({
			name: 'Local',
			url: 'http://x',
			categories: [5000, 5040],
			priority: 25,
			enabled: true,
			timeout_seconds: 30
		});
	});

	it('sends a typed secret', () => {
		const values = { ...toFormValues(indexer), api_key: 'k' };
		expect(toBody(indexer, values).api_key).toBe('k');
	});

	it('sends what does not read as a number as typed, for the server to name', () => {
		const values = { ...toFormValues(indexer), priority: 'high', categories: '5000, tv' };
		const body = toBody(indexer, values);
		expect(body.priority).toBe('high');
		expect(body.categories).toEqual([5000, 'tv']);
	});

	it('clears an emptied nullable field only when editing', () => {
		const values = { name: 'Kids', path: '/srv/kids', download_client: '' };
		expect(toBody(library, values)).toEqual({ name: 'Kids', path: '/srv/kids' });
		expect(toBody(library, values, { editing: true })).toEqual({
			name: 'Kids',
			path: '/srv/kids',
			download_client: null
		});
	});

	it('leaves out skipped (pinned) fields', () => {
		const metadata = SECTION_BY_KEY.metadata.fields;
		const values = { ...toFormValues(metadata), relay_url: 'http://relay', default_language: 'de' };
		const body = toBody(metadata, values, { editing: true, skip: ['relay_url'] });
		expect(body).not.toHaveProperty('relay_url');
		expect(body.default_language).toBe('de');
	});
});

describe('missingRequired', () => {
	it('names the empty required fields', () => {
		expect(missingRequired(indexer, toFormValues(indexer))).toEqual({
			name: 'Required',
			url: 'Required'
		});
	});
});
