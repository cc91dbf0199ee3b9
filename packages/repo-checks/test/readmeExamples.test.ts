import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { consumerDir, consumerProject, runTsc } from './support/consumer';

// Every ```ts block of the published packages' READMEs is compiled against the packed tarballs (an ES module
// under nodenext, skipLibCheck off), so an example that does not compile, or calls what the API does not have,
// fails CI. A block may be preceded by a hidden `<!-- example-prelude … -->` comment declaring what the example
// takes as given (a KubeConfig, a resource, a certificate); it is prepended to that block only.

const root = path.resolve(import.meta.dirname, '../../..');
const PUBLISHED = ['core-client', 'identity-client', 'region-client'];

interface Example {
  readonly name: string;
  readonly line: number;
  readonly source: string;
}

const BLOCK = /(?:<!-- example-prelude\n([\s\S]*?)-->\n)?```ts\n([\s\S]*?)```/g;

const examples = (pkg: string): Example[] => {
  const text = readFileSync(path.join(root, 'packages', pkg, 'README.md'), 'utf8');
  return [...text.matchAll(BLOCK)].map((match, index) => ({
    name: `${pkg}-${index + 1}`,
    line: text.slice(0, match.index + match[0].indexOf('```ts')).split('\n').length,
    source: `${match[1] ?? ''}${match[2]}`,
  }));
};

/**
 * Links a module an example imports (e.g. `express`) from repo-checks' dev dependencies, together with its
 * `@types` package when there is one (a package without bundled declarations needs both).
 */
const provide = (specifier: string) => {
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  if (specifier.startsWith('node:') || existsSync(path.join(consumerDir(), 'node_modules', name))) return;
  const typesName = `@types/${name.replace(/^@(.*)\//, '$1__')}`;
  let linked = 0;
  for (const candidate of [name, typesName]) {
    const here = path.join(import.meta.dirname, '..', 'node_modules', candidate);
    if (!existsSync(here)) continue;
    const target = path.join(consumerDir(), 'node_modules', candidate);
    if (!existsSync(target)) {
      mkdirSync(path.dirname(target), { recursive: true });
      symlinkSync(realpathSync(here), target, 'dir');
    }
    linked++;
  }
  if (linked === 0) {
    throw new Error(`a README example imports ${name}: add ${name} (or ${typesName}) to repo-checks' devDependencies`);
  }
};

const all = PUBLISHED.flatMap(examples);

describe('README examples compile against the packed packages', () => {
  it('every published README has examples', () => {
    for (const pkg of PUBLISHED) expect(examples(pkg).length).toBeGreaterThan(0);
  });

  it('every ```ts block type-checks (nodenext ESM, strict, skipLibCheck off)', () => {
    for (const { source } of all)
      for (const [, specifier] of source.matchAll(/from '([^'.][^']*)'/g)) provide(specifier);
    const files = Object.fromEntries(all.map(({ name, source }) => [`${name}.mts`, `${source}\nexport {};\n`]));
    const project = consumerProject('readme-examples', {
      'package.json': '{ "private": true, "type": "module" }\n',
      ...files,
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          lib: ['es2023'],
          types: ['node'],
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          skipLibCheck: false,
          noEmit: true,
        },
        files: Object.keys(files),
      }),
    });
    const result = runTsc(project, 'tsconfig.json');
    // Name the README line of each error: `core-client-2.mts(3,7)` → README block 2 of core-client.
    const errors = (result.stdout + result.stderr)
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const at = /^(\S+)-(\d+)\.mts\((\d+),/.exec(line);
        const example = at && all.find(({ name }) => name === `${at[1]}-${at[2]}`);
        return example ? `packages/${at[1]}/README.md block at line ${example.line}: ${line}` : line;
      });
    expect(errors).toEqual([]);
    expect(result.status).toBe(0);
  });
});
