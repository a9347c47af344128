import { containerResourceRule } from "../../lib/k8s/resource-rule.js";

/** Every container declares its memory requests (scheduling and noisy-neighbour protection). */
const { rule, fixtures } = containerResourceRule({
  id: "PLAT-K8S-005",
  checkov: "CKV_K8S_12",
  kind: "requests",
  resource: "memory",
});
export default rule;
export { fixtures };
