import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// The backend's API docs page (/api/v1/docs) loads Swagger UI from the app's build, so it works
// without internet. The files come from the swagger-ui-dist package, copied at every build.
function swaggerUiAssets(): Plugin {
	const files = ['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png'];
	return {
		name: 'mediamanager-swagger-ui',
		buildStart() {
			const require = createRequire(import.meta.url);
			const source = dirname(require.resolve('swagger-ui-dist/package.json'));
			const target = fileURLToPath(new URL('./static/swagger-ui', import.meta.url));
			mkdirSync(target, { recursive: true });
			for (const file of files) copyFileSync(join(source, file), join(target, file));
		}
	};
}

const backend = process.env.MM_BACKEND_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
	plugins: [
		swaggerUiAssets(),
		tailwindcss(),
		sveltekit({
			compilerOptions: {
				runes: ({ filename }) =>
					filename.split(/[/\\]/).includes('node_modules') ? undefined : true
			},
			// A single-page app: the backend answers every app path with index.html.
			adapter: adapter({ fallback: 'index.html' }),
			// Absolute asset paths, so a deep link like /tv/<id> loads /_app/... correctly.
			paths: { relative: false }
		})
	],
	build: {
		rolldownOptions: {
			output: {
				// The packages' code in one chunk: a cold visit to a page otherwise fetched ~40
				// small files in two waves, six at a time over HTTP/1.1, before its data could be
				// asked for. bench/web.py: the TV library at 20,000 shows went from ~800-1,000 ms
				// to ~500 ms at load 4-7 on 2 cores; the first page's JavaScript from 123 to 126 KB.
				codeSplitting: {
					groups: [{ name: 'vendor', test: /node_modules/ }]
				}
			}
		}
	},
	server: {
		// `npm run dev` talks to a backend started separately (make run).
		proxy: { '/api': backend, '/swagger-ui': backend }
	},
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node'
	}
});
