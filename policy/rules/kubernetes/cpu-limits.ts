import { containerResourceRule } from "../../lib/k8s/resource-rule.js";

/** Every container declares its cpu limits (scheduling and noisy-neighbour protection). */
const { rule, fixtures } = containerResourceRule({
  id: "PLAT-K8S-004",
  checkov: "CKV_K8S_11",
  kind: "limits",
  resource: "cpu",
});
export default rule;
export { fixtures };
