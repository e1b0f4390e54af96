/** Header names in lower case; lookups on it are case-insensitive by construction. */
export type LowerCaseHeaders = ReadonlyMap<string, string>;

/**
 * Lower-cases every name; when two names differ only in case, or a value is an
 * array, the later value wins.
 */
export function lowerCaseHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): LowerCaseHeaders {
  const lowered = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const text = typeof value === 'string' ? value : value?.[value.length - 1];
    if (text !== undefined) lowered.set(name.toLowerCase(), text);
  }
  return lowered;
}
