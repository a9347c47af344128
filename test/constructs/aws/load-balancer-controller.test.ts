import { Release } from "@cdktf/provider-helm/lib/release";
import { describe, expect, it } from "vitest";
import { SERVICE_ACCOUNTS } from "../../../constructs/aws/eks-service-account-roles";
import {
  LoadBalancerController,
  type LoadBalancerControllerProps,
} from "../../../constructs/aws/load-balancer-controller";
import { Fn, Testing } from "../../../constructs/core";
import { valuesOf } from "../k8s/release-readers";

const props: LoadBalancerControllerProps = {
  clusterName: "prod-blue",
  region: "eu-west-1",
  vpcId: "vpc-0a1b2c3d4e5f60718",
  roleArn: "arn:aws:iam::123456789012:role/prod-blue-lb-controller-20250101",
};

function synth(overrides: Partial<LoadBalancerControllerProps> = {}): string {
  return Testing.synthScope((scope) => new LoadBalancerController(scope, "Lbc", { ...props, ...overrides }));
}

describe("LoadBalancerController", () => {
  const out = synth();
  const values = valuesOf(out, "aws-load-balancer-controller");

  it("pins the eks-charts chart in kube-system", () => {
    expect(out).toHaveResourceWithProperties(Release, {
      name: "aws-load-balancer-controller",
      repository: "https://aws.github.io/eks-charts",
      chart: "aws-load-balancer-controller",
      version: "1.14.1",
      namespace: "kube-system",
      create_namespace: false,
    });
  });

  it("knows its cluster, region and VPC", () => {
    expect(values).toMatchObject({
      clusterName: "prod-blue",
      region: "eu-west-1",
      vpcId: "vpc-0a1b2c3d4e5f60718",
    });
  });

  it("annotates the service account the IRSA role trusts with the role ARN", () => {
    expect(values.serviceAccount).toEqual({
      create: true,
      name: SERVICE_ACCOUNTS.loadBalancerController.serviceAccount,
      annotations: { "eks.amazonaws.com/role-arn": props.roleArn },
    });
    expect(SERVICE_ACCOUNTS.loadBalancerController.namespace).toBe("kube-system");
  });

  it("runs two replicas with a PDB on the system nodes, bounded and hardened", () => {
    expect(values).toMatchObject({
      replicaCount: 2,
      podDisruptionBudget: { maxUnavailable: 1 },
      priorityClassName: "system-cluster-critical",
      defaultTargetType: "ip",
      nodeSelector: { "node-role": "system" },
      tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
      resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
      },
    });
  });

  it("passes references to other resources through as Terraform expressions", () => {
    const withTokens = synth({ vpcId: Fn.lower("VPC-REF"), roleArn: Fn.lower("ROLE-REF") });
    const v = valuesOf(withTokens, "aws-load-balancer-controller");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JavaScript template
    expect(v.vpcId).toBe('${lower("VPC-REF")}');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JavaScript template
    expect(v.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toBe('${lower("ROLE-REF")}');
  });

  it("exposes the release and its defaults", () => {
    Testing.synthScope((scope) => {
      const lbc = new LoadBalancerController(scope, "Lbc", { ...props, replicas: 3 });
      expect(lbc.release.namespace).toBe("kube-system");
      expect(lbc.release.values.replicaCount).toBe(3);
      expect(lbc.namespace).toBe("kube-system");
      expect(lbc.serviceAccountName).toBe("aws-load-balancer-controller");
      expect(lbc.version).toBe("1.14.1");
      expect(lbc.replicas).toBe(3);
    });
  });

  it.each<[string, Partial<LoadBalancerControllerProps>, RegExp]>([
    ["cluster name", { clusterName: "" }, /clusterName: got ""; allowed: an EKS cluster name/],
    ["region", { region: "Ireland" }, /region: got "Ireland"; allowed: an AWS region/],
    ["VPC ID", { vpcId: "vpc-xyz" }, /vpcId: got "vpc-xyz"; allowed: a VPC ID/],
    ["role ARN", { roleArn: "" }, /roleArn: got ""; allowed: an IAM role ARN/],
    ["version", { version: "~1.14" }, /version: got "~1\.14"; allowed: an exact chart version/],
    ["replicas", { replicas: 0 }, /replicas: got 0; allowed: an integer >= 1/],
    [
      "resources",
      { resources: { requests: { cpu: "1", memory: "1 GB" }, limits: { cpu: "1", memory: "1Gi" } } },
      /resources: got .*allowed: CPU and memory quantities/,
    ],
  ])("rejects a bad %s", (_name, overrides, message) => {
    expect(() => synth(overrides)).toThrowError(message);
  });
});
