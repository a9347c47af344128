/**
 * In-code waivers, for the policy run and its tests: `waive()` and the key it writes live with the
 * constructs that call it (`constructs/waiver.ts`), since a construct never imports `policy/`.
 */
export { INLINE_WAIVER_KEY, type InlineWaiverEntry, type Overridable, waive } from "../constructs/waiver.js";
