/**
 * The one message shape for spec problems: what is wrong, what is allowed, and how to fix it.
 * The path and the received value are added by {@link SloSpecError} when the problems are collected.
 */
export function problem(what: string, allowed: string, hint: string): string {
  return `${what}; allowed: ${allowed}; hint: ${hint}`;
}
