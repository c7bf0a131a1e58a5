import type { HandleClientError } from '@sveltejs/kit';
import { ApiError } from '$lib/api/errors';

// A load that failed shows the error page with the server's message, not "Internal Error".
export const handleError: HandleClientError = ({ error, status }) => {
	if (error instanceof ApiError) return { message: error.message };
	if (error instanceof TypeError) return { message: 'The server cannot be reached.' };
	if (status !== 404) console.error(error);
	return { message: status === 404 ? 'Not found' : 'Something went wrong.' };
};
