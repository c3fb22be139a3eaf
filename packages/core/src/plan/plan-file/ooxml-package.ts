import { unzipSync } from 'fflate';

/** A part larger than this (uncompressed) is refused: a plan's document.xml is a few MB at most. */
export const MAX_PART_BYTES = 64 * 1024 * 1024;

export class OoxmlPackageError extends Error {}

/**
 * The named parts of an OOXML package (a zip), decompressed; other parts are not inflated. The
 * uncompressed size each entry declares is checked before inflating it (a zip bomb stops there).
 */
export function readParts(bytes: Uint8Array, wanted: (name: string) => boolean): Map<string, Uint8Array> {
  let tooLarge: string | undefined;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (!wanted(file.name)) return false;
        if (file.originalSize > MAX_PART_BYTES) {
          tooLarge = file.name;
          return false;
        }
        return true;
      },
    });
  } catch (error) {
    throw new OoxmlPackageError(error instanceof Error ? error.message : String(error));
  }
  if (tooLarge !== undefined) throw new OoxmlPackageError(`${tooLarge} is larger than ${MAX_PART_BYTES} bytes`);
  return new Map(Object.entries(files));
}

/** The names of the entries of a zip, without inflating any; undefined when it is not a readable zip. */
export function partNames(bytes: Uint8Array): string[] | undefined {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        return false;
      },
    });
  } catch {
    return undefined;
  }
  return names;
}
