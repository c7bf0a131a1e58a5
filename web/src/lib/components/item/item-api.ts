/**
 * The calls the show and movie pages share, behind one interface, so the header, the edit,
 * rename and delete dialogs are written once and told the kind by the page.
 */
import { api } from '$lib/api/client';
import { unwrap } from '$lib/api/errors';
import type { components } from '$lib/api/schema';

export type RenameRead = components['schemas']['RenameRead'];
export type RenameResult = components['schemas']['RenameResult'];
export type MediaFile = components['schemas']['MediaFileRead'];

export interface ItemChange {
	library?: string;
	quality_profile?: string;
}

export interface ItemApi {
	/** The kind as /api/v1/libraries names it. */
	libraryKind: 'tv' | 'movies';
	noun: 'show' | 'movie';
	/** The list page the item belongs to, where a deleted item's page goes. */
	listHref: string;
	refresh(): Promise<unknown>;
	update(change: ItemChange): Promise<unknown>;
	renamePreview(): Promise<RenameRead[]>;
	rename(): Promise<RenameResult>;
	remove(deleteFiles: boolean): Promise<void>;
}

export function showApi(showId: string): ItemApi {
	const params = { path: { show_id: showId } };
	return {
		libraryKind: 'tv',
		noun: 'show',
		listHref: '/tv',
		refresh: async () => unwrap(await api.POST('/api/v1/tv/shows/{show_id}/refresh', { params })),
		update: async (body) => unwrap(await api.PATCH('/api/v1/tv/shows/{show_id}', { params, body })),
		renamePreview: async () =>
			unwrap(await api.GET('/api/v1/tv/shows/{show_id}/rename', { params })),
		rename: async () => unwrap(await api.POST('/api/v1/tv/shows/{show_id}/rename', { params })),
		remove: async (deleteFiles) => {
			unwrap(
				await api.DELETE('/api/v1/tv/shows/{show_id}', {
					params: { ...params, query: { delete_files: deleteFiles } }
				})
			);
		}
	};
}

export function movieApi(movieId: string): ItemApi {
	const params = { path: { movie_id: movieId } };
	return {
		libraryKind: 'movies',
		noun: 'movie',
		listHref: '/movies',
		refresh: async () => unwrap(await api.POST('/api/v1/movies/{movie_id}/refresh', { params })),
		update: async (body) => unwrap(await api.PATCH('/api/v1/movies/{movie_id}', { params, body })),
		renamePreview: async () =>
			unwrap(await api.GET('/api/v1/movies/{movie_id}/rename', { params })),
		rename: async () => unwrap(await api.POST('/api/v1/movies/{movie_id}/rename', { params })),
		remove: async (deleteFiles) => {
			unwrap(
				await api.DELETE('/api/v1/movies/{movie_id}', {
					params: { ...params, query: { delete_files: deleteFiles } }
				})
			);
		}
	};
}
