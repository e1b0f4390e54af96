// Generates TypeScript for the Flyte messages the service speaks (and for any
// project messages under proto/). Flyte's buf.yaml pulls remote modules we do not
// need, so the import closure of the files we use is copied into a scratch
// module and compiled there with only Google's well-known types.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const flyteProtos = join(dirname(require.resolve('@flyteorg/flyteidl/package.json')), 'protos');
const entryFiles = ['flyteidl/admin/event.proto', 'flyteidl/event/cloudevents.proto'];
const scratch = join(root, '.cache', 'proto-src');
const outDir = join(root, 'src', 'gen');

function importClosure(files) {
  const seen = new Set();
  const pending = [...files];
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file) || file.startsWith('google/protobuf/')) continue;
    seen.add(file);
    const text = readFileSync(join(flyteProtos, file), 'utf8');
    for (const match of text.matchAll(/^import\s+"([^"]+)";/gm)) pending.push(match[1]);
  }
  return [...seen];
}

// Node's ESM loader needs explicit file extensions on relative imports, which
// protobuf-ts does not emit.
function addImportExtensions(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      addImportExtensions(path);
    } else if (entry.name.endsWith('.ts')) {
      const text = readFileSync(path, 'utf8');
      writeFileSync(path, text.replace(/(from\s+"\.{1,2}\/[^"]+?)(?<!\.js)"/g, '$1.js"'));
    }
  }
}

rmSync(scratch, { recursive: true, force: true });
rmSync(outDir, { recursive: true, force: true });
for (const file of importClosure(entryFiles)) {
  mkdirSync(dirname(join(scratch, file)), { recursive: true });
  cpSync(join(flyteProtos, file), join(scratch, file));
}
if (existsSync(join(root, 'proto'))) cpSync(join(root, 'proto'), scratch, { recursive: true });
writeFileSync(join(scratch, 'buf.yaml'), 'version: v2\n');

const plugin = join(root, 'node_modules', '.bin', 'protoc-gen-ts');
const template = {
  version: 'v2',
  plugins: [
    {
      local: plugin,
      out: outDir,
      opt: ['long_type_string', 'optimize_speed', 'ts_nocheck', 'eslint_disable'],
      include_imports: true,
    },
  ],
};
const buf = join(root, 'node_modules', '.bin', 'buf');
execFileSync(buf, ['generate', scratch, '--template', JSON.stringify(template)], {
  stdio: 'inherit',
});
addImportExtensions(outDir);
console.log(`generated TypeScript into ${outDir}`);
