import { containerResourceRule } from "../../lib/k8s/resource-rule.js";

/** Every container declares its memory limits (scheduling and noisy-neighbour protection). */
const { rule, fixtures } = containerResourceRule({
  id: "PLAT-K8S-006",
  checkov: "CKV_K8S_13",
  kind: "limits",
  resource: "memory",
});
export default rule;
export { fixtures };
