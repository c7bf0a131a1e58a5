import { loadAddOptions } from '$lib/components/add/add-options';
import type { PageLoad } from './$types';

export const load: PageLoad = () => loadAddOptions('movies');
