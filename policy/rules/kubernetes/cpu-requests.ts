import { containerResourceRule } from "../../lib/k8s/resource-rule.js";

/** Every container declares its cpu requests (scheduling and noisy-neighbour protection). */
const { rule, fixtures } = containerResourceRule({
  id: "PLAT-K8S-003",
  checkov: "CKV_K8S_10",
  kind: "requests",
  resource: "cpu",
});
export default rule;
export { fixtures };
