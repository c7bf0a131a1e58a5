/**
 * The settings sections the app edits, and their fields as the forms show them. The API's
 * schemas are made per section on the server (/api/v1/settings/<key>); this list says how each
 * field is entered (a secret is write-only, a list is typed comma-separated, ...).
 */

export type FieldKind =
	'text' | 'secret' | 'number' | 'bool' | 'choice' | 'multi' | 'int-list' | 'text-list';

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
	/** For `choice` and `multi` (checkboxes; the value lists the checked ones in this order). */
	options?: readonly string[];
	/** What the user reads for an option, when not the option itself. */
	optionLabels?: Readonly<Record<string, string>>;
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
	/** Its column heading ("Address" when not given). */
	summaryLabel?: string;
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
		key: 'import',
		title: 'Import and naming',
		noun: 'import settings',
		kind: 'singleton',
		description:
			'How finished downloads are placed in the libraries and how folders and files are named.',
		testable: false,
		fields: [
			{
				name: 'placement',
				label: 'Placement',
				kind: 'choice',
				options: ['hardlink', 'copy', 'move', 'symlink'],
				help: 'Hardlinks keep seeding without using more space (same file system only)'
			},
			{ name: 'copy_when_hardlink_fails', label: 'Copy when a hardlink fails', kind: 'bool' },
			{
				name: 'keep_editions',
				label: 'Keep movie editions side by side',
				kind: 'bool',
				help: "A Director's Cut goes beside the theatrical file instead of replacing it"
			},
			{ name: 'show_folder', label: 'Show folder', kind: 'text', help: 'e.g. {title} ({year})' },
			{ name: 'season_folder', label: 'Season folder', kind: 'text' },
			{ name: 'episode_file', label: 'Episode file', kind: 'text' },
			{ name: 'movie_folder', label: 'Movie folder', kind: 'text' },
			{ name: 'movie_file', label: 'Movie file', kind: 'text' },
			{
				name: 'recycle_folder',
				label: 'Recycle folder',
				kind: 'text',
				help: 'Replaced files go here; empty: deleted'
			},
			{ name: 'recycle_days', label: 'Keep recycled files (days)', kind: 'number' },
			{ name: 'sample_max_mb', label: 'Samples are smaller than (MB)', kind: 'number' },
			{ name: 'min_free_mb', label: 'Minimum free space (MB)', kind: 'number' }
		]
	},
	{
		key: 'automation',
		title: 'Automation',
		noun: 'automation settings',
		kind: 'singleton',
		description: 'Automatic searches: the RSS sync, searches after air dates and the sweep.',
		testable: false,
		fields: [
			{ name: 'enabled', label: 'Enabled', kind: 'bool' },
			{ name: 'rss_interval_minutes', label: 'RSS sync every (minutes)', kind: 'number' },
			{ name: 'search_after_air_hours', label: 'Search after airing (hours)', kind: 'number' },
			{ name: 'new_window_days', label: 'New episodes window (days)', kind: 'number' },
			{ name: 'sweep_size', label: 'Items per sweep', kind: 'number' },
			{ name: 'sweep_every_hours', label: 'Sweep every (hours)', kind: 'number' },
			{
				name: 'remove_failed_from_client',
				label: 'Remove failed downloads from the client',
				kind: 'bool'
			},
			{
				name: 'indexer_min_interval_seconds',
				label: 'Seconds between searches per indexer',
				kind: 'number'
			},
			{
				name: 'indexer_backoff_minutes',
				label: 'Back off after failures (minutes)',
				kind: 'number'
			},
			{ name: 'indexer_backoff_max_hours', label: 'Longest back-off (hours)', kind: 'number' },
			{ name: 'decisions_keep_days', label: 'Keep decisions (days)', kind: 'number' }
		]
	},
	{
		key: 'notifications',
		title: 'Notification targets',
		noun: 'notification target',
		kind: 'collection',
		description: 'Where events are sent besides the bell: Apprise URLs (mail, Discord, ntfy, ...).',
		testable: true,
		summary: 'events',
		summaryLabel: 'Events',
		fields: [
			name,
			{
				name: 'urls',
				label: 'Apprise URLs',
				kind: 'secret',
				required: true,
				help: 'One or more Apprise URLs, separated by spaces or commas'
			},
			{
				name: 'events',
				label: 'Events',
				kind: 'text-list',
				help: 'Comma-separated: grabbed, imported, upgraded, import_blocked, import_failed, download_failed, new_episode, health_problem, health_restored; empty: all'
			},
			enabled
		]
	},
	{
		key: 'media-servers',
		title: 'Media servers',
		noun: 'media server',
		kind: 'collection',
		description: 'Jellyfin, Emby and Plex servers told to rescan after an import.',
		testable: true,
		summary: 'url',
		fields: [
			name,
			{
				name: 'kind',
				label: 'Server',
				kind: 'choice',
				required: true,
				options: ['jellyfin', 'emby', 'plex'],
				initial: 'jellyfin'
			},
			{
				name: 'url',
				label: 'URL',
				kind: 'text',
				required: true,
				placeholder: 'http://localhost:8096'
			},
			{ name: 'token', label: 'API key or token', kind: 'secret', required: true },
			enabled,
			{ name: 'timeout_seconds', label: 'Timeout (seconds)', kind: 'number', initial: 15 }
		]
	},
	{
		key: 'health',
		title: 'Health checks',
		noun: 'health settings',
		kind: 'singleton',
		description: 'When the health checks warn about disks and the database.',
		testable: false,
		fields: [
			{ name: 'free_space_warning_gib', label: 'Warn below free space (GiB)', kind: 'number' },
			{ name: 'database_size_warning_gib', label: 'Warn above database size (GiB)', kind: 'number' }
		]
	},
	{
		key: 'backups',
		title: 'Backups',
		noun: 'backup settings',
		kind: 'singleton',
		description: 'Scheduled backups of the database and settings (see System for the files).',
		testable: false,
		fields: [
			{ name: 'every_days', label: 'Back up every (days)', kind: 'number' },
			{ name: 'keep', label: 'Backups kept', kind: 'number' },
			{ name: 'pg_dump', label: 'Use pg_dump (PostgreSQL)', kind: 'bool' }
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
