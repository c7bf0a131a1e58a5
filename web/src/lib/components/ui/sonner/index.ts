import Toaster from './toaster.svelte';

export { Toaster };
