/**
 * The waiver file: accepted risks that are not fixed in code. Each entry needs a reason and an expiry
 * date; an expired entry is reported as `PLAT-WAIVER-EXPIRED` and no longer waives anything.
 *
 * Prefer an in-code waiver (`waive()` from `policy/waive.ts`) next to the construct that owns the
 * resource; use this file for waivers that span stacks or resources (globs).
 *
 * @example
 * { ruleId: "PLAT-RDS-003", address: "aws_db_instance.*", stack: "staging",
 *   reason: "Single-AZ staging until the Q3 cost review (INFRA-123)", expires: "2026-09-30" }
 */
import type { Waiver } from "./waiver-check.js";

/** Waivers applied by `npm run policy`. */
export const WAIVERS: readonly Waiver[] = [];
