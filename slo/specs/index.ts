/** The SLO specs compiled by default (`npm run slo`). Add a service's spec module here. */
import type { SloSpec } from "../spec-types.js";
import { userServiceSpec } from "./user-service.js";

export { USER_SERVICE_LATENCY_BUCKETS, USER_SERVICE_METRICS, userServiceSpec } from "./user-service.js";

/** Every built-in spec, one per service. */
export const builtInSpecs: readonly SloSpec[] = [userServiceSpec];
