/** What the show and movie pages work out from their data; pure, so it is unit-tested. */

/** The profile name that stands for the configured default of the kind (see ProfileService). */
export const DEFAULT_PROFILE = 'default';

export interface Choice {
	value: string;
	label: string;
}

/** The libraries to choose from: the configured ones, and the item's own even if it is gone. */
export function libraryChoices(libraries: string[], current: string): Choice[] {
	const names = libraries.includes(current) ? libraries : [current, ...libraries];
	return names.map((name) => ({
		value: name,
		label: libraries.includes(name) ? name : `${name} (no longer configured)`
	}));
}

/** The quality profiles to choose from: the configured default first, then each by name. */
export function profileChoices(profiles: string[], current: string): Choice[] {
	const names = [DEFAULT_PROFILE, ...profiles.filter((p) => p !== DEFAULT_PROFILE)];
	if (!names.includes(current)) names.push(current);
	return names.map((name) => ({
		value: name,
		label:
			name === DEFAULT_PROFILE
				? 'default (the configured default)'
				: profiles.includes(name)
					? name
					: `${name} (deleted)`
	}));
}

/** Only what changed, so that an unchanged field is never sent (and never re-checked). */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T): Partial<T> {
	const changed: Partial<T> = {};
	for (const key of Object.keys(after) as (keyof T)[]) {
		if (after[key] !== before[key]) changed[key] = after[key];
	}
	return changed;
}

export interface PathParts {
	/** The folders both paths share, shown once. */
	common: string;
	old: string;
	new: string;
}

/** Two library paths split at their last shared folder, so a rename reads at a glance. */
export function splitRename(oldPath: string, newPath: string): PathParts {
	const a = oldPath.split('/');
	const b = newPath.split('/');
	let shared = 0;
	// The file name itself is never part of the shared prefix.
	while (shared < a.length - 1 && shared < b.length - 1 && a[shared] === b[shared]) shared++;
	return {
		common: shared ? `${a.slice(0, shared).join('/')}/` : '',
		old: a.slice(shared).join('/'),
		new: b.slice(shared).join('/')
	};
}

/** "S01E02". */
export function episodeCode(season: number, episode: number): string {
	return `S${String(season).padStart(2, '0')}E${String(episode).padStart(2, '0')}`;
}

/** Newest season first, specials (season 0) last. */
export function sortSeasons<S extends { number: number }>(seasons: S[]): S[] {
	return [...seasons].sort((a, b) =>
		a.number === 0 ? 1 : b.number === 0 ? -1 : b.number - a.number
	);
}

/** "1 file", "3 files". */
export function countOf(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
