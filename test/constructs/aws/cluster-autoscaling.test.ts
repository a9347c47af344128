import { Release } from "@cdktf/provider-helm/lib/release";
import { describe, expect, it } from "vitest";
import {
  ClusterAutoscaling,
  type ClusterAutoscalingProps,
} from "../../../constructs/aws/cluster-autoscaling";
import { SERVICE_ACCOUNTS } from "../../../constructs/aws/eks-service-account-roles";
import { Testing } from "../../../constructs/core";
import { valuesOf } from "../k8s/release-readers";

const props: ClusterAutoscalingProps = {
  clusterName: "prod-blue",
  region: "eu-west-1",
  kubernetesVersion: "1.35",
  roleArn: "arn:aws:iam::123456789012:role/prod-blue-autoscaler-20250101",
};

function synth(overrides: Partial<ClusterAutoscalingProps> = {}): string {
  return Testing.synthScope(
    (scope) => new ClusterAutoscaling(scope, "Autoscaling", { ...props, ...overrides }),
  );
}

const SYSTEM = {
  nodeSelector: { "node-role": "system" },
  tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
};

describe("ClusterAutoscaling", () => {
  const out = synth();
  const ca = valuesOf(out, "cluster-autoscaler");
  const ms = valuesOf(out, "metrics-server");

  it("pins both charts in kube-system", () => {
    expect(out).toHaveResourceWithProperties(Release, {
      name: "cluster-autoscaler",
      repository: "https://kubernetes.github.io/autoscaler",
      chart: "cluster-autoscaler",
      version: "9.53.0",
      namespace: "kube-system",
    });
    expect(out).toHaveResourceWithProperties(Release, {
      name: "metrics-server",
      repository: "https://kubernetes-sigs.github.io/metrics-server/",
      chart: "metrics-server",
      version: "3.13.0",
      namespace: "kube-system",
    });
  });

  it("discovers this cluster's node groups in its region", () => {
    expect(ca).toMatchObject({
      cloudProvider: "aws",
      awsRegion: "eu-west-1",
      autoDiscovery: { clusterName: "prod-blue" },
    });
  });

  it.each([
    ["1.35", "v1.35.2"],
    ["1.36", "v1.36.1"],
  ] as const)("runs the autoscaler build of the cluster's minor (%s -> %s)", (kubernetesVersion, tag) => {
    expect(valuesOf(synth({ kubernetesVersion }), "cluster-autoscaler").image).toEqual({ tag });
  });

  it("annotates the service account the IRSA role trusts", () => {
    expect(ca.rbac.serviceAccount).toEqual({
      create: true,
      name: SERVICE_ACCOUNTS.clusterAutoscaler.serviceAccount,
      annotations: { "eks.amazonaws.com/role-arn": props.roleArn },
    });
  });

  it("balances similar groups, ignores system pods and picks the least-waste group", () => {
    expect(ca.extraArgs).toEqual({
      "balance-similar-node-groups": true,
      "skip-nodes-with-system-pods": false,
      expander: "least-waste",
    });
    expect(ca).not.toHaveProperty("expanderPriorities");
  });

  it("switches to the priority expander, least-waste breaking ties, when given priorities", () => {
    const v = valuesOf(
      synth({ expanderPriorities: { 50: [".*on-demand.*"], 10: [".*"] } }),
      "cluster-autoscaler",
    );
    expect(v.extraArgs.expander).toBe("priority,least-waste");
    expect(v.expanderPriorities).toEqual({ "10": [".*"], "50": [".*on-demand.*"] });
  });

  it("runs the autoscaler on the system nodes, two replicas with a PDB, bounded and hardened", () => {
    expect(ca).toMatchObject({
      ...SYSTEM,
      replicaCount: 2,
      podDisruptionBudget: { maxUnavailable: 1 },
      priorityClassName: "system-cluster-critical",
      resources: { requests: { cpu: "100m", memory: "300Mi" }, limits: { cpu: "500m", memory: "600Mi" } },
      securityContext: { runAsNonRoot: true },
      containerSecurityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      },
    });
  });

  it("runs metrics-server with two replicas spread over nodes and a PDB, on the system nodes", () => {
    expect(ms).toMatchObject({
      ...SYSTEM,
      replicas: 2,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      topologySpreadConstraints: [expect.objectContaining({ topologyKey: "kubernetes.io/hostname" })],
      resources: { requests: { cpu: "100m", memory: "200Mi" }, limits: { cpu: "500m", memory: "400Mi" } },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
    });
  });

  it("exposes the releases and resolved settings", () => {
    Testing.synthScope((scope) => {
      const c = new ClusterAutoscaling(scope, "Autoscaling", {
        ...props,
        kubernetesVersion: "1.36",
        metricsServerReplicas: 3,
      });
      expect(c.autoscalerRelease.namespace).toBe("kube-system");
      expect(c.metricsServerRelease.values.replicas).toBe(3);
      expect(c.imageTag).toBe("v1.36.1");
      expect(c.expander).toBe("least-waste");
      expect(c.serviceAccountName).toBe("cluster-autoscaler");
    });
  });

  it.each<[string, Partial<ClusterAutoscalingProps>, RegExp]>([
    ["cluster name", { clusterName: "-bad" }, /clusterName: got "-bad"; allowed: an EKS cluster name/],
    ["region", { region: "" }, /region: got ""; allowed: an AWS region/],
    [
      "role ARN",
      { roleArn: "arn:aws:iam::123:user/x" },
      /roleArn: got "arn:aws:iam::123:user\/x"; allowed: an IAM role ARN/,
    ],
    [
      "Kubernetes version",
      { kubernetesVersion: "1.29" as never },
      /kubernetesVersion: got "1\.29"; allowed: 1\.35, 1\.36/,
    ],
    [
      "image tag of another minor",
      { imageTag: "v1.36.1" },
      /imageTag: got "v1\.36\.1"; allowed: v1\.35\.<patch>/,
    ],
    ["autoscaler replicas", { autoscalerReplicas: 0 }, /autoscalerReplicas: got 0; allowed: an integer >= 1/],
    ["metrics-server replicas", { metricsServerReplicas: 1.5 }, /metricsServerReplicas: got 1\.5/],
    [
      "priorities",
      { expanderPriorities: { 10: [] } },
      /expanderPriorities: got \{"10":\[\]\}; allowed: tiers keyed by positive integers/,
    ],
    [
      "resources",
      {
        metricsServerResources: {
          requests: { cpu: "x", memory: "1Gi" },
          limits: { cpu: "1", memory: "1Gi" },
        },
      },
      /metricsServerResources: got .*allowed: CPU and memory quantities/,
    ],
  ])("rejects a bad %s", (_name, overrides, message) => {
    expect(() => synth(overrides)).toThrowError(message);
  });
});
