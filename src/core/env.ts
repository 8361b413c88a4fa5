/**
 * Reads an environment variable where the runtime has one (Node, Bun, Deno with permission), and returns
 * undefined elsewhere (browsers, edge runtimes without `process`).
 */
export function readEnv(name: string): string | undefined {
  try {
    const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
    return value?.trim() || undefined;
  } catch {
    // Deno throws without --allow-env: treat it as unset.
    return undefined;
  }
}
