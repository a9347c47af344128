/**
 * The waiver file: accepted risks that are not fixed in code. Each entry needs a reason of at least three
 * words and an expiry date at most 90 days ahead, and may not name a CRITICAL or data-loss rule; an
 * expired entry is reported as `PLAT-WAIVER-EXPIRED`, an invalid one as `PLAT-WAIVER-INVALID`, and
 * neither waives anything.
 *
 * Prefer an in-code waiver (`waive()` from `policy/waive.ts`) next to the construct that owns the
 * resource; use this file for waivers that span stacks or resources (globs).
 *
 * @example
 * { ruleId: "PLAT-RDS-003", address: "aws_db_instance.*", stack: "staging",
 *   reason: "Single-AZ staging until the Q3 cost review (INFRA-123)", expires: "2027-02-28" }
 */
import type { Waiver } from "./waiver-check.js";

/** Waivers applied by `npm run policy`. */
export const WAIVERS: readonly Waiver[] = [];
