// Which runs are updates: only the explicit spellings; Vitest reads every other value as "all".
import { expect, test } from 'vitest';
import { decideUpdateMode } from '../packages/openapi-drift/src/plugin/update-mode.ts';

test.for([
  // description, --update as given, UPDATE_SNAPSHOT, what Vitest resolved, the mode kept, what was refused
  ['plain run', undefined, undefined, 'new', 'new', undefined],
  ['plain run in CI', undefined, undefined, 'none', 'none', undefined],
  ['-u', true, undefined, 'all', 'all', undefined],
  ['--update=all', 'all', undefined, 'all', 'all', undefined],
  ['UPDATE_SNAPSHOT=all', undefined, 'all', 'all', 'all', undefined],
  ['--update=new', 'new', undefined, 'new', 'new', undefined],
  ['--update=false', 'false', undefined, 'all', 'none', '--update=false'],
  ['UPDATE_SNAPSHOT=false', undefined, 'false', 'all', 'none', 'UPDATE_SNAPSHOT=false'],
  ['UPDATE_SNAPSHOT=0', undefined, '0', 'all', 'none', 'UPDATE_SNAPSHOT=0'],
  ['UPDATE_SNAPSHOT=no', undefined, 'no', 'all', 'none', 'UPDATE_SNAPSHOT=no'],
  ['UPDATE_SNAPSHOT=true', undefined, 'true', 'all', 'none', 'UPDATE_SNAPSHOT=true'],
  ['-u wins over UPDATE_SNAPSHOT=false', true, 'false', 'all', 'all', undefined],
  ['--no-update with UPDATE_SNAPSHOT=false', false, 'false', 'all', 'none', 'UPDATE_SNAPSHOT=false'],
] as const)('%s', ([, cli, env, resolved, mode, refused]) => {
  expect(decideUpdateMode({ cli, env, resolved })).toEqual(refused ? { mode, refused } : { mode });
});
