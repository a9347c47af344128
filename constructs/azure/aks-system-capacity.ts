/**
 * Whether the AKS system pool holds the pods pinned to it: what the platform's releases declare
 * ({@link SystemPods}) plus AKS's own kube-system add-ons, against each node's allocatable CPU, memory
 * and pod slots. Checked as on EKS (eks-system-capacity.ts): every workload at its first-apply count on
 * `desiredSize` nodes, and at its maximum on `maxSize` nodes. The sums are aggregate (no bin packing),
 * so passing is necessary, not sufficient.
 */
import type { PodFootprint } from "../k8s/system-pods";
import { checkSystemPodsFit } from "../k8s/system-pods";
import type { Validator } from "../validation";
import { DEFAULT_MAX_PODS, type SystemPoolConfig } from "./aks-capacity";
import { AKS_VM_SIZES, aksAllocatable } from "./aks-vm-sizes";

/**
 * AKS's kube-system pods with this cluster's settings (Cilium data plane, so no kube-proxy; Azure Disk
 * CSI only; Container Insights, Azure Policy, Key Vault secrets provider, Defender, Image Cleaner and
 * workload identity on). Requests come from: the `kubectl describe node` of an AKS node in Microsoft's
 * "Troubleshoot memory saturation in AKS clusters" (ama-logs, azure-ip-masq-agent, cloud-node-manager,
 * coredns, csi-azuredisk-node, konnectivity-agent); the upstream charts AKS packages
 * (workload-identity-webhook, secrets-store-csi-driver, csi-secrets-store-provider-azure,
 * metrics-server); and Azure CNI's Cilium manifests (the agent's `clean-cilium-state` init container,
 * 100m/100Mi, which the scheduler counts). Pods whose requests Microsoft does not publish count as a
 * pod slot with no requests; the pod limit is what usually binds.
 */
export const AKS_ADD_ON_PODS: {
  readonly pinned: readonly PodFootprint[];
  readonly perNode: readonly PodFootprint[];
} = {
  pinned: [
    { what: "coredns", pods: 2, requests: { cpu: "100m", memory: "70Mi" } },
    { what: "coredns-autoscaler", pods: 1, requests: {} },
    { what: "konnectivity-agent", pods: 2, requests: { cpu: "20m", memory: "20Mi" } },
    { what: "konnectivity-agent-autoscaler", pods: 1, requests: {} },
    { what: "metrics-server", pods: 2, requests: { cpu: "100m", memory: "200Mi" } },
    { what: "cilium-operator", pods: 2, requests: {} },
    { what: "azure-wi-webhook-controller-manager", pods: 2, requests: { cpu: "100m", memory: "20Mi" } },
    { what: "ama-logs-rs", pods: 1, requests: {} },
    { what: "azure-policy", pods: 1, requests: {} },
    { what: "azure-policy-webhook", pods: 1, requests: {} },
    { what: "gatekeeper-audit", pods: 1, requests: {} },
    { what: "gatekeeper-controller", pods: 2, requests: {} },
    { what: "eraser-controller-manager", pods: 1, requests: {} },
  ],
  perNode: [
    { what: "cilium", pods: 1, requests: { cpu: "100m", memory: "100Mi" } },
    { what: "azure-cns", pods: 1, requests: {} },
    { what: "azure-ip-masq-agent", pods: 1, requests: { cpu: "100m", memory: "50Mi" } },
    { what: "cloud-node-manager", pods: 1, requests: { cpu: "50m", memory: "50Mi" } },
    { what: "csi-azuredisk-node", pods: 1, requests: { cpu: "30m", memory: "60Mi" } },
    { what: "ama-logs", pods: 1, requests: { cpu: "150m", memory: "550Mi" } },
    // driver 50m/100Mi, node-driver-registrar 10m/20Mi, liveness-probe 10m/20Mi
    { what: "secrets-store-csi-driver", pods: 1, requests: { cpu: "70m", memory: "140Mi" } },
    { what: "aks-secrets-store-provider-azure", pods: 1, requests: { cpu: "50m", memory: "100Mi" } },
    { what: "microsoft-defender-collector-ds", pods: 1, requests: {} },
  ],
};

/**
 * What AKS runs itself with this cluster's settings, each the counterpart of something the platform
 * installs on EKS or would otherwise install: node-pool autoscaling replaces the cluster-autoscaler
 * chart, and the Azure Disk CSI driver the EBS one.
 */
export const AKS_MANAGED_ADD_ONS = [
  "cluster-autoscaler",
  "metrics-server",
  "azure-disk-csi-driver",
  "secrets-store-csi-driver",
  "workload-identity-webhook",
  "azure-policy",
  "container-insights",
  "defender",
  "image-cleaner",
] as const;

/**
 * Records a problem under `field` (the system pool's config path) when the pinned pods do not fit,
 * at first apply or at their maximum.
 */
export function checkAksSystemCapacity(
  v: Validator,
  field: string,
  pool: SystemPoolConfig,
  pods: { readonly pinned: readonly PodFootprint[]; readonly perNode: readonly PodFootprint[] },
): void {
  if (AKS_VM_SIZES[pool.vmSize] === undefined) return; // the VM size check reports unknown sizes
  const maxPods = pool.maxPods ?? DEFAULT_MAX_PODS;
  checkSystemPodsFit(
    v,
    field,
    {
      sizeKey: "vmSize",
      size: pool.vmSize,
      nodeLabel: `${pool.vmSize} with maxPods ${maxPods}`,
      desiredSize: pool.desiredSize,
      maxSize: pool.maxSize,
      maxPods,
      allocatable: aksAllocatable(pool.vmSize, maxPods),
      addOns: AKS_ADD_ON_PODS,
      hint: "use a larger VM size or more system nodes",
    },
    pods,
  );
}
