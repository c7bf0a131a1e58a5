/**
 * Quality profiles and scoring rules as the settings forms edit them; pure. The forms are the
 * settings kit's (SettingsForm), so a profile's fields are FieldSpecs, converted here to and
 * from the profile API's bodies.
 */
import { InvalidInput } from '$lib/api/errors';
import type { components } from '$lib/api/schema';
import { list, toBody, toFormValues, type Entry, type FormValues } from '../settings/form-values';
import type { FieldSpec } from '../settings/sections';

export type Profile = components['schemas']['ProfileRead'];
export type ScoringRule = components['schemas']['ScoringRuleRead'];
export type Quality = components['schemas']['QualityRead'];

/** The cutoff's "no cutoff" choice: upgrades go on to the best allowed quality. */
export const NO_CUTOFF = 'none';
const LIST_FIELDS = ['qualities', 'required_words', 'ignored_words'];

const size = (name: string, label: string): FieldSpec => ({
	name,
	label,
	kind: 'number',
	nullable: true,
	help: 'MB; empty: no limit'
});

/** A profile's fields; `qualities` come worst to best from the API, the form lists best first. */
export function profileFields(qualities: readonly Quality[]): FieldSpec[] {
	const best = [...qualities].reverse();
	const labels = Object.fromEntries(qualities.map((q) => [q.id, q.label]));
	return [
		{ name: 'name', label: 'Name', kind: 'text', required: true },
		{
			name: 'qualities',
			label: 'Allowed qualities',
			kind: 'multi',
			required: true,
			options: best.map((q) => q.id),
			optionLabels: labels,
			initial: ['web-1080p', 'bluray-1080p', 'webrip-1080p', 'tv-1080p']
		},
		{
			name: 'cutoff',
			label: 'Cutoff',
			kind: 'choice',
			options: [NO_CUTOFF, ...best.map((q) => q.id)],
			optionLabels: { ...labels, [NO_CUTOFF]: 'None (upgrade to the best allowed)' },
			initial: NO_CUTOFF,
			help: 'Once a file of this quality or better is there, no more upgrades'
		},
		{ name: 'min_seeders', label: 'Minimum seeders', kind: 'number', initial: 1 },
		size('min_episode_size_mb', 'Smallest episode'),
		size('max_episode_size_mb', 'Largest episode'),
		size('min_movie_size_mb', 'Smallest movie'),
		size('max_movie_size_mb', 'Largest movie'),
		{
			name: 'required_words',
			label: 'Required words',
			kind: 'text-list',
			help: 'Comma-separated; a release must contain one of them'
		},
		{
			name: 'ignored_words',
			label: 'Ignored words',
			kind: 'text-list',
			help: 'Comma-separated; releases containing one are skipped'
		},
		{
			name: 'preferred_words',
			label: 'Scored words',
			kind: 'text',
			placeholder: 'x265=10, hdr=5, cam=-100',
			help: 'Comma-separated word=score; a release scores the sum of its words'
		}
	];
}

export const RULE_FIELDS: FieldSpec[] = [
	{ name: 'name', label: 'Name', kind: 'text', required: true },
	{
		name: 'kind',
		label: 'Matches',
		kind: 'choice',
		required: true,
		options: ['title', 'indexer_flag'],
		optionLabels: { title: 'Words in the title', indexer_flag: 'Indexer flags' },
		initial: 'title'
	},
	{
		name: 'keywords',
		label: 'Keywords',
		kind: 'text-list',
		required: true,
		help: 'Comma-separated; any one of them matches (e.g. x265, hevc or freeleech)'
	},
	{
		name: 'score_modifier',
		label: 'Score',
		kind: 'number',
		required: true,
		initial: 10,
		help: 'Added to a matching release’s score; negative to avoid it'
	},
	{ name: 'negate', label: 'Score releases that do not match instead', kind: 'bool' }
];

/** "x265=10, hdr=5" → words with scores; a part that is not word=integer is an error. */
export function parseScoredWords(text: string): { word: string; score: number }[] {
	return list(text).map((part) => {
		const match = /^(.+?)\s*=\s*(-?\d+)$/.exec(part);
		if (!match) {
			const msg = `"${part}" is not word=score (a whole number)`;
			throw new InvalidInput(422, msg, undefined, [{ loc: ['body', 'preferred_words'], msg }]);
		}
		return { word: match[1].trim(), score: Number(match[2]) };
	});
}

export function profileValues(fields: FieldSpec[], profile: Profile | null): FormValues {
	const values = toFormValues(fields, profile as Entry | null);
	if (profile) {
		values.cutoff = profile.cutoff ?? NO_CUTOFF;
		values.preferred_words = profile.preferred_words.map((w) => `${w.word}=${w.score}`).join(', ');
	}
	return values;
}

/** The create or update body; lists are always sent, so emptying one clears it. */
export function profileBody(fields: FieldSpec[], values: FormValues, editing: boolean): Entry {
	const body = toBody(fields, values, { editing, skip: ['preferred_words', 'cutoff'] });
	for (const name of LIST_FIELDS) body[name] ??= [];
	body.preferred_words = parseScoredWords(String(values.preferred_words ?? ''));
	const cutoff = String(values.cutoff ?? NO_CUTOFF);
	body.cutoff = cutoff === NO_CUTOFF || cutoff === '' ? null : cutoff;
	return body;
}

export function ruleBody(values: FormValues): Entry {
	const body = toBody(RULE_FIELDS, values);
	body.keywords ??= [];
	return body;
}
