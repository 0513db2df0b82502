// One question every reader of JSON asks: is this value a plain object (not null, not an array)?
// Answers from both APIs, the profile store, bulk and apply files, and the sandbox's own input.

export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
