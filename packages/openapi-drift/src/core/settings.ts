// How formatting is done, as OPENAPI_DRIFT_VERIFY_FORMAT sets it: read here and nowhere else.
//
//   (unset), 0, off  large TypeScript files are formatted by declaration, in pieces, in parallel
//                    and cached (format/chunks.ts): what prettier prints for the whole file
//   1 (any other)    the same, and every file formatted by pieces is also formatted whole; any
//                    difference fails the check, naming the file and the first line that differs.
//                    A last post-processing step other than prettier (Biome, ESLint, oxfmt) is held
//                    against its real command, which must find nothing to change in a committed
//                    tree that equals the result (format/post-process.ts)
//   whole            every file is formatted whole, as prettier alone does (slower)
export type FormatMode = 'pieces' | 'verify' | 'whole';

export function formatMode(): FormatMode {
  const value = (process.env.OPENAPI_DRIFT_VERIFY_FORMAT ?? '').trim();
  if (/^(|0|off|false|no)$/i.test(value)) return 'pieces';
  return /^whole$/i.test(value) ? 'whole' : 'verify';
}
