// A single-page app: everything renders in the browser, the backend serves index.html.
export const ssr = false;
export const prerender = false;
