// `overlay <client> --from-edit` (overlay-from-edit.ts) in process, on a client of a temp project:
// the hand edit of the snapshot becomes an overlay file listed last in openapi-drift.json; without
// a committed upstream the upstream is fetched from the source and committed beside the snapshot,
// with one it is not fetched at all. An --out that is absolute, already exists (even as a link) or
// would not reproduce the edit is refused, and then nothing is written.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ConfigError } from '../../../packages/openapi-drift/src/core/errors.ts';
import { configSource, DEFAULT_PLUGINS } from '../../../packages/openapi-drift/src/lifecycle/add.ts';
import { overlayFromEdit } from '../../../packages/openapi-drift/src/lifecycle/overlay-from-edit.ts';
import { canonicalize } from '../../../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { createTempProject, hashTree, type TempProject } from '../../helpers/temp-project.ts';

const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'tiny', version: '1' },
  paths: { '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok' } } } } },
};
const UPSTREAM = canonicalize(JSON.stringify(DOCUMENT));
const EDITED = UPSTREAM.replace('"getA"', '"fetchA"');
const RECORD = '{\n  "source": "../../spec/tiny.json"\n}\n';
const RENAME = `overlay: 1.0.0
info:
  title: rename
  version: 1.0.0
actions:
  - target: $.paths['/a'].get
    update:
      operationId: fetchA
`;

let project: TempProject;
let dir: string;
const file = (name: string) => path.join(dir, name);
const read = (name: string) => fs.readFile(file(name), 'utf8');
const exists = (name: string) => fs.lstat(file(name)).then(() => true, () => false);
const options = () => ({ displayRoot: project.root });

async function refusal(out?: string): Promise<ConfigError> {
  const error = await overlayFromEdit(dir, { ...options(), ...(out === undefined ? {} : { out }) }).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

beforeAll(async () => {
  project = await createTempProject([]);
  await fs.mkdir(path.join(project.root, 'spec'));
  await fs.writeFile(path.join(project.root, 'spec/tiny.json'), JSON.stringify(DOCUMENT));
});
afterAll(() => project?.remove());
beforeEach(async () => {
  dir = project.clientDir('tiny');
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir);
  await fs.writeFile(file('openapi-ts.config.ts'), configSource(DEFAULT_PLUGINS));
  await fs.writeFile(file('openapi.json'), EDITED);
  await fs.writeFile(file('openapi-drift.json'), RECORD);
});

describe('a client without overlays', () => {
  test('the upstream is fetched and committed, and the edit becomes the overlay listed in openapi-drift.json', async () => {
    const result = await overlayFromEdit(dir, options());
    expect(result).toEqual({
      overlayFile: file('patches/openapi-edits.overlay.yaml'),
      actions: 1,
      upstreamFile: file('openapi.upstream.json'),
      upstreamFetchedFrom: 'spec/tiny.json',
    });
    expect(await read('patches/openapi-edits.overlay.yaml')).toBe(`overlay: 1.0.0
info:
  title: Hand edits of clients/tiny/openapi.json
  version: 1.0.0
actions:
  - target: $['paths']['/a']['get']
    description: set operationId
    update:
      operationId: fetchA
`);
    expect(await read('openapi.upstream.json')).toBe(UPSTREAM);
    expect(await read('openapi-drift.json')).toBe('{\n  "source": "../../spec/tiny.json",\n  "overlays": [\n    "patches/openapi-edits.overlay.yaml"\n  ]\n}\n');
    // The snapshot itself is left as edited, and the lock is gone.
    expect(await read('openapi.json')).toBe(EDITED);
    expect((await fs.readdir(dir)).sort()).toEqual(['openapi-drift.json', 'openapi-ts.config.ts', 'openapi.json', 'openapi.upstream.json', 'patches']);
  });

  test('a snapshot without an edit writes nothing', async () => {
    await fs.writeFile(file('openapi.json'), UPSTREAM);
    const before = await hashTree(dir);
    expect(await overlayFromEdit(dir, options())).toEqual({ actions: 0, upstreamFile: file('openapi.upstream.json') });
    expect(await hashTree(dir)).toEqual(before);
  });

  test('--out puts the overlay where it says, in folders made for it', async () => {
    const result = await overlayFromEdit(dir, { ...options(), out: 'local/fixes/names.overlay.yaml' });
    expect(result.overlayFile).toBe(file('local/fixes/names.overlay.yaml'));
    expect(await read('local/fixes/names.overlay.yaml')).toContain('operationId: fetchA');
    expect(JSON.parse(await read('openapi-drift.json')).overlays).toEqual(['local/fixes/names.overlay.yaml']);
  });

  test('a YAML snapshot gives the overlay its name', async () => {
    await fs.rm(file('openapi.json'));
    await fs.writeFile(file('api.yaml'), "openapi: 3.0.3\ninfo:\n  title: tiny\n  version: '1'\npaths:\n  /a:\n    get:\n      operationId: fetchA\n      responses:\n        '200':\n          description: ok\n");
    await fs.writeFile(file('openapi-ts.config.ts'), configSource(DEFAULT_PLUGINS).replace('./openapi.json', './api.yaml'));
    const result = await overlayFromEdit(dir, options());
    expect(result.overlayFile).toBe(file('patches/api-edits.overlay.yaml'));
    expect(result.upstreamFile).toBe(file('api.upstream.json'));
    expect(await read('patches/api-edits.overlay.yaml')).toContain('title: Hand edits of clients/tiny/api.yaml');
  });
});

describe('a client with overlays and a committed upstream', () => {
  beforeEach(async () => {
    await fs.mkdir(file('patches'));
    await fs.writeFile(file('patches/rename.overlay.yaml'), RENAME);
    await fs.writeFile(file('openapi.upstream.json'), UPSTREAM);
    // The source is nowhere: the committed upstream is used, never fetched.
    await fs.writeFile(file('openapi-drift.json'), '{\n  "source": "../../spec/gone.json",\n  "overlays": ["patches/rename.overlay.yaml"]\n}\n');
  });

  test('the edit on top of the overlays becomes a new overlay, listed last; the upstream is left alone', async () => {
    await fs.writeFile(file('openapi.json'), EDITED.replace('"description": "ok"', '"description": "fine"'));
    const result = await overlayFromEdit(dir, { ...options(), out: 'patches/words.overlay.json' });
    expect(result).toEqual({ overlayFile: file('patches/words.overlay.json'), actions: 1, upstreamFile: file('openapi.upstream.json') });
    const overlay = JSON.parse(await read('patches/words.overlay.json'));
    expect(overlay.actions).toEqual([{ target: "$['paths']['/a']['get']['responses']['200']", description: 'set description', update: { description: 'fine' } }]);
    expect(await read('openapi.upstream.json')).toBe(UPSTREAM);
    expect(JSON.parse(await read('openapi-drift.json')).overlays).toEqual(['patches/rename.overlay.yaml', 'patches/words.overlay.json']);
  });

  test('the edit the overlays already make is no edit', async () => {
    expect(await overlayFromEdit(dir, options())).toEqual({ actions: 0, upstreamFile: file('openapi.upstream.json') });
  });
});

describe('refusals write nothing', () => {
  test('an absolute --out', async () => {
    const before = await hashTree(dir);
    const error = await refusal(path.join(dir, 'x.overlay.yaml'));
    expect(error.message).toBe(`--out ${path.join(dir, 'x.overlay.yaml')}: give the overlay's path relative to the client folder`);
    expect(error.fix).toBe('--out patches/<name>.overlay.yaml');
    expect(await hashTree(dir)).toEqual(before);
  });

  test('an overlay file that exists', async () => {
    await fs.mkdir(file('patches'));
    await fs.writeFile(file('patches/openapi-edits.overlay.yaml'), '# ours\n');
    const before = await hashTree(dir);
    const error = await refusal();
    expect(error.message).toBe('clients/tiny/patches/openapi-edits.overlay.yaml already exists; nothing was written');
    expect(error.file).toBe('clients/tiny/patches/openapi-edits.overlay.yaml');
    expect(error.fix).toBe('choose another file with --out <file>');
    expect(await hashTree(dir)).toEqual(before);
    expect(await exists('openapi.upstream.json')).toBe(false);
  });

  test('a link where the overlay would go, even one that points nowhere', async () => {
    await fs.mkdir(file('patches'));
    await fs.symlink(path.join(project.root, 'nowhere.yaml'), file('patches/openapi-edits.overlay.yaml'));
    const error = await refusal();
    expect(error.message).toBe('clients/tiny/patches/openapi-edits.overlay.yaml already exists; nothing was written');
    await expect(fs.lstat(path.join(project.root, 'nowhere.yaml'))).rejects.toThrow();
    expect(await read('openapi-drift.json')).toBe(RECORD);
  });

  test('a folder where the upstream would be written: named as the user sees it, and nothing else is written', async () => {
    await fs.mkdir(file('openapi.upstream.json'));
    const error = await overlayFromEdit(dir, options()).then(
      () => undefined,
      (failure: unknown) => failure as Error,
    );
    expect(error?.message).toBe('cannot write clients/tiny/openapi.upstream.json: a folder stands there');
    // Nothing else was written, so that the next attempt, once the folder is moved, goes through.
    expect(await exists('patches')).toBe(false);
    expect(await read('openapi-drift.json')).toBe(RECORD);
    await fs.rm(file('openapi.upstream.json'), { recursive: true });
    expect((await overlayFromEdit(dir, options())).actions).toBe(1);
  });

  test('a number YAML would write differently: a JSON overlay is proposed, and it works', async () => {
    await fs.writeFile(file('openapi.json'), UPSTREAM.replace('"description": "ok"', '"description": "ok",\n              "x-ratio": 1.50'));
    const before = await hashTree(dir);
    const error = await refusal('patches/ratio.overlay.YML');
    expect(error.message).toBe(
      'clients/tiny/patches/ratio.overlay.YML: the edit holds a value that YAML would write differently (a number such as 1.50), so a YAML overlay would not reproduce it exactly; nothing was written',
    );
    expect(error.file).toBe('clients/tiny/patches/ratio.overlay.YML');
    expect(error.fix).toBe('write a JSON overlay: --out patches/ratio.overlay.json');
    expect(await hashTree(dir)).toEqual(before);
    expect((await refusal()).fix).toBe('write a JSON overlay: --out patches/openapi-edits.overlay.json');
    expect((await refusal('patches/v1.yml.d/ratio.yaml')).fix).toBe('write a JSON overlay: --out patches/v1.yml.d/ratio.json');
    const result = await overlayFromEdit(dir, { ...options(), out: 'patches/ratio.overlay.json' });
    expect(await read('patches/ratio.overlay.json')).toContain('"x-ratio": 1.50');
    expect(result.actions).toBe(1);
  });
});
