/**
 * The settings sections the app edits, and their fields as the forms show them. The API's
 * schemas are made per section on the server (/api/v1/settings/<key>); this list says how each
 * field is entered (a secret is write-only, a list is typed comma-separated, ...).
 */

export type FieldKind = 'text' | 'secret' | 'number' | 'bool' | 'choice' | 'int-list' | 'text-list';

export interface FieldSpec {
	name: string;
	label: string;
	kind: FieldKind;
	/** Needed to create an entry; the form refuses to send without it. */
	required?: boolean;
	/** Empty means null (cleared) rather than "use the default". */
	nullable?: boolean;
	help?: string;
	placeholder?: string;
	options?: readonly string[];
	/** What a new entry starts with, as the server's defaults. */
	initial?: string | number | boolean | readonly (string | number)[];
}

export interface SectionSpec {
	key: string;
	title: string;
	/** One entry, lower case: "indexer". */
	noun: string;
	kind: 'collection' | 'singleton';
	description: string;
	fields: FieldSpec[];
	testable: boolean;
	/** The field shown in the list besides the name. */
	summary?: string;
}

const name: FieldSpec = { name: 'name', label: 'Name', kind: 'text', required: true };
const priority: FieldSpec = {
	name: 'priority',
	label: 'Priority',
	kind: 'number',
	initial: 25,
	help: '1 is used first, 50 last'
};
const enabled: FieldSpec = { name: 'enabled', label: 'Enabled', kind: 'bool', initial: true };
const categories: FieldSpec = {
	name: 'categories',
	label: 'Categories',
	kind: 'int-list',
	initial: [5000, 2000],
	help: 'Newznab categories, comma-separated; 5000 is all of TV, 2000 all movies'
};

const library = (kind: string): SectionSpec => ({
	key: `${kind}-libraries`,
	title: kind === 'tv' ? 'TV libraries' : 'Movie libraries',
	noun: `${kind === 'tv' ? 'TV' : 'movie'} library`,
	kind: 'collection',
	description: `Folders where ${kind === 'tv' ? 'shows' : 'movies'} are kept. The library "default" is paths.${kind} of the config file.`,
	testable: true,
	summary: 'path',
	fields: [
		name,
		{
			name: 'path',
			label: 'Folder',
			kind: 'text',
			required: true,
			placeholder: `/srv/media/${kind}`,
			help: 'An absolute path MediaManager can write to'
		},
		{
			name: 'download_client',
			label: 'Download client',
			kind: 'text',
			nullable: true,
			help: 'The client that downloads for this library (its name); empty: any, by priority'
		}
	]
});

export const SECTIONS: SectionSpec[] = [
	{
		key: 'indexers',
		title: 'Indexers',
		noun: 'indexer',
		kind: 'collection',
		description:
			'Torznab and Newznab endpoints searched for releases (Jackett, Prowlarr, Newznab sites).',
		testable: true,
		summary: 'url',
		fields: [
			name,
			{
				name: 'url',
				label: 'URL',
				kind: 'text',
				required: true,
				placeholder: 'http://localhost:9117/api/v2.0/indexers/example/results/torznab',
				help: 'The endpoint; /api is added when missing'
			},
			{ name: 'api_key', label: 'API key', kind: 'secret' },
			categories,
			priority,
			enabled,
			{ name: 'timeout_seconds', label: 'Timeout (seconds)', kind: 'number', initial: 30 }
		]
	},
	{
		key: 'prowlarr',
		title: 'Prowlarr',
		noun: 'Prowlarr',
		kind: 'singleton',
		description: 'Use every indexer of a Prowlarr instance.',
		testable: true,
		fields: [
			{ name: 'enabled', label: 'Enabled', kind: 'bool' },
			{ name: 'url', label: 'URL', kind: 'text', placeholder: 'http://localhost:9696' },
			{ name: 'api_key', label: 'API key', kind: 'secret' },
			categories,
			{ name: 'timeout_seconds', label: 'Timeout per indexer (seconds)', kind: 'number' }
		]
	},
	{
		key: 'download-clients',
		title: 'Download clients',
		noun: 'download client',
		kind: 'collection',
		description: 'qBittorrent, Transmission, SABnzbd and NZBGet instances that download releases.',
		testable: true,
		summary: 'url',
		fields: [
			name,
			{
				name: 'kind',
				label: 'Client',
				kind: 'choice',
				required: true,
				options: ['qbittorrent', 'transmission', 'sabnzbd', 'nzbget'],
				initial: 'qbittorrent'
			},
			{
				name: 'url',
				label: 'URL',
				kind: 'text',
				required: true,
				placeholder: 'http://localhost:8080',
				help: 'The web address of the client'
			},
			{ name: 'username', label: 'User name', kind: 'text', nullable: true },
			{ name: 'password', label: 'Password', kind: 'secret' },
			{ name: 'api_key', label: 'API key (SABnzbd)', kind: 'secret' },
			{
				name: 'category',
				label: 'Category',
				kind: 'text',
				initial: 'mediamanager',
				help: 'qBittorrent category, Transmission label, SABnzbd/NZBGet category'
			},
			priority,
			enabled,
			{ name: 'timeout_seconds', label: 'Timeout (seconds)', kind: 'number', initial: 15 }
		]
	},
	library('tv'),
	library('movie'),
	{
		key: 'metadata',
		title: 'Metadata source',
		noun: 'metadata source',
		kind: 'singleton',
		description:
			'Where show and movie details come from: TMDB and/or TVDB API keys, or a metadata relay. Keys win when both are set.',
		testable: true,
		fields: [
			{
				name: 'relay_url',
				label: 'Metadata relay URL',
				kind: 'text',
				nullable: true,
				placeholder: 'http://localhost:8001'
			},
			{ name: 'tmdb_api_key', label: 'TMDB API key', kind: 'secret' },
			{ name: 'tvdb_api_key', label: 'TVDB API key', kind: 'secret' },
			{ name: 'tmdb_base_url', label: 'TMDB API address', kind: 'text' },
			{ name: 'tvdb_base_url', label: 'TVDB API address', kind: 'text' },
			{ name: 'default_language', label: 'Language', kind: 'text', help: 'e.g. en, de, pt-BR' },
			{
				name: 'primary_languages',
				label: 'Original languages kept',
				kind: 'text-list',
				help: 'Titles originally in these languages (e.g. ja) keep their own metadata language'
			},
			{ name: 'concurrent_requests', label: 'Requests at once per show', kind: 'number' },
			{
				name: 'image_hosts',
				label: 'Local poster hosts',
				kind: 'text-list',
				help: 'Host names allowed to resolve to local addresses'
			}
		]
	},
	{
		key: 'general',
		title: 'General',
		noun: 'general settings',
		kind: 'singleton',
		description: 'The address of this app and who may sign up.',
		testable: false,
		fields: [
			{
				name: 'base_url',
				label: 'Address users open',
				kind: 'text',
				help: 'Used in password-reset and sign-in links, e.g. https://media.example.org'
			},
			{
				name: 'open_registration',
				label: 'Open registration',
				kind: 'bool',
				help: 'Off: new accounts wait for an administrator'
			},
			{ name: 'token_lifetime_seconds', label: 'Session lifetime (seconds)', kind: 'number' }
		]
	}
];

export const SECTION_BY_KEY: Record<string, SectionSpec> = Object.fromEntries(
	SECTIONS.map((s) => [s.key, s])
);
