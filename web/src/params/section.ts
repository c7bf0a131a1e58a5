import type { ParamMatcher } from '@sveltejs/kit';
import { SECTION_BY_KEY } from '$lib/components/settings/sections';

export const match: ParamMatcher = (param) => param in SECTION_BY_KEY;
