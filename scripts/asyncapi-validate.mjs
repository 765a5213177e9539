// Validates docs/asyncapi.json (or the file given) with the AsyncAPI parser pinned in
// package-lock.json: prints every diagnostic and exits 1 on any error.
//   node scripts/asyncapi-validate.mjs [file]
import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';

const file = process.argv[2] ?? new URL('../docs/asyncapi.json', import.meta.url).pathname;
const { document, diagnostics } = await new Parser().parse(await readFile(file, 'utf8'), { source: file });

const severities = ['error', 'warning', 'information', 'hint'];
for (const diagnostic of diagnostics) {
  console.log(`${severities[diagnostic.severity]} ${diagnostic.code} at ${diagnostic.path.join('.') || '(root)'}: ${diagnostic.message}`);
}

const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 0).length;
if (document === undefined || errors > 0) {
  console.log(`${file}: ${errors} error(s)`);
  process.exit(1);
}

console.log(`${file}: AsyncAPI ${document.version()}, ${document.channels().length} channels, ${document.operations().length} operations, ${document.allMessages().length} messages, 0 errors`);
