import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Annotations, Construct, Fn, type TerraformResource } from "../core";
import type {
  AccessGrant,
  ClusterConnection,
  DnsPublication,
  IKubernetesCluster,
  INetwork,
  PlatformAddOns,
  WorkloadIdentity,
} from "../interfaces";
import { RawManifests } from "../k8s/raw-manifests";
import type { SystemPods } from "../k8s/system-pods";
import { Validator } from "../validation";
import { accountOf } from "./account";
import { EbsStorageClass } from "./ebs-storage-class";
import { type InstalledEksAddOns, installEksAddOns, publishEksDns, settleEks } from "./eks-add-ons";
import type { ApplicationNodeGroupConfig, CapacitySplit, SystemNodeGroupConfig } from "./eks-capacity";
import { EksClusterRole } from "./eks-cluster-role";
import { validateEksCluster } from "./eks-cluster-validation";
import { CONTROL_PLANE_LOG_TYPES, EksControlPlaneLogs } from "./eks-control-plane-logs";
import { EksManagedAddon, type EksManagedAddonProps } from "./eks-managed-addon";
import { EksNodeGroups } from "./eks-node-groups";
import { EACH_VALUE, EksSecurityGroups } from "./eks-security-groups";
import { EksServiceAccountRoles } from "./eks-service-account-roles";
import { checkSystemCapacity } from "./eks-system-capacity";
import { IrsaRole } from "./irsa-role";
import { KmsKey } from "./kms-key";
import type { EKS_VERSIONS } from "./limits";

/** A Kubernetes version this repo allows (`EKS_VERSIONS` in environments/schema.ts). */
export type EksVersion = (typeof EKS_VERSIONS)[number];

/** What the cluster decides per add-on; the rest is fixed by the cluster. */
type AddonOptions = Omit<EksManagedAddonProps, "clusterName" | "kubernetesVersion" | "addonName">;

/** Exact add-on builds; each one left out follows the AWS default build for the cluster version. */
export interface EksAddonVersions {
  readonly vpcCni?: string;
  readonly coreDns?: string;
  readonly kubeProxy?: string;
  readonly ebsCsiDriver?: string;
}

export interface EksClusterProps {
  /** Cluster name, e.g. `prod-blue`: 2 to 23 lower-case letters, digits and single dashes. */
  readonly name: string;
  /** The stack's region: the log key grant and the autoscaler's resource ARNs. */
  readonly region: string;
  /** Kubernetes version from `EKS_VERSIONS`. */
  readonly version: EksVersion;
  /** The network; the control plane and the nodes use its private subnets. */
  readonly network: INetwork;
  /**
   * Public source ranges allowed to reach a public API endpoint. Empty keeps the endpoint
   * private-only. With `privateEndpointCidrs`, the deployer's path to the API: at least one of the
   * two must be non-empty.
   * @default [] (private endpoint only)
   */
  readonly publicEndpointCidrs?: readonly string[];
  /**
   * Private ranges admitted to the private endpoint on 443 (a self-hosted runner inside the VPC or
   * in a network reached through peering, VPN or Transit Gateway). Known at plan time: they key a
   * `for_each`.
   * @default []
   */
  readonly privateEndpointCidrs?: readonly string[];
  /** The tainted, on-demand node group for critical add-ons. */
  readonly systemNodeGroup: SystemNodeGroupConfig;
  /** Application capacity, split into on-demand and spot node groups by `spotPercent`. */
  readonly applicationNodeGroup: ApplicationNodeGroupConfig;
  /**
   * IAM role ARNs given cluster admin (`AmazonEKSClusterAdminPolicy`) through access entries. Must be
   * known at plan time (literals or another stack's outputs): they key a `for_each`.
   * @default [] (nobody can reach the Kubernetes API until an access entry is added)
   */
  readonly adminRoleArns?: readonly string[];
  /**
   * More security groups for the nodes, e.g. the data-clients group whose members the data stores
   * admit. They may be tokens from another stack.
   * @default []
   */
  readonly additionalNodeSecurityGroupIds?: readonly string[];
  /**
   * Days to keep control-plane logs (a CloudWatch Logs retention value).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Root volume size of every node.
   * @default 50
   */
  readonly nodeRootVolumeSizeGiB?: number;
  /**
   * Pin add-on builds.
   * @default - each add-on uses the AWS default build for `version`, looked up at plan time
   */
  readonly addonVersions?: EksAddonVersions;
  /**
   * Add `lifecycle.prevent_destroy` to the KMS keys and turn on EKS deletion protection.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * An EKS cluster with secrets encrypted by a rotating customer-managed key, a private API endpoint,
 * all control-plane logs in a KMS-encrypted log group, API-only access entries, an OIDC provider with
 * IRSA roles for its controllers, the four core managed add-ons, and system plus on-demand/spot
 * application node groups. See README-eks.md.
 */
export class EksCluster extends Construct implements IKubernetesCluster {
  public readonly clusterName: string;
  public readonly clusterArn: string;
  public readonly endpoint: string;
  public readonly certificateAuthorityData: string;
  public readonly nodeSecurityGroupId: string;
  public readonly clusterSecurityGroupId: string;
  public readonly oidcProviderArn: string;
  /** `https://oidc.eks.<region>.amazonaws.com/id/<id>`. */
  public readonly oidcIssuerUrl: string;
  public readonly clusterAutoscalerRoleArn: string;
  public readonly loadBalancerControllerRoleArn: string;
  public readonly vpcCniRoleArn: string;
  public readonly ebsCsiDriverRoleArn: string;
  public readonly nodeRoleArn: string;
  public readonly secretsKeyArn: string;
  public readonly logGroupName: string;
  public readonly version: EksVersion;
  public readonly publicEndpointCidrs: readonly string[];
  public readonly privateEndpointCidrs: readonly string[];
  public readonly adminRoleArns: readonly string[];
  public readonly logRetentionDays: number;
  public readonly nodeRootVolumeSizeGiB: number;
  public readonly preventDestroy: boolean;
  /** Application node counts per capacity type, as created. */
  public readonly applicationSplit: CapacitySplit;
  /**
   * What in-cluster installs must wait for: the node groups, CoreDNS, the EBS CSI driver and the admin
   * access policy (without it the deployer cannot reach the API).
   */
  public readonly ready: TerraformResource[] = [];
  /**
   * In-cluster resources the nodes themselves wait for (the ENIConfigs of custom networking): the
   * stack must not make them wait for `ready`.
   */
  public readonly beforeNodes: TerraformResource[] = [];
  /** Whether pods take addresses from the network's pod subnets (VPC CNI custom networking). */
  public readonly customNetworking: boolean;
  /** The encrypted gp3 class that the platform's volumes use. */
  public readonly storageClassName: string;
  /** The application groups (on demand and spot) are untainted. */
  public readonly workloadTolerations = [];
  /** The kubernetes and helm providers' connection: `aws eks get-token` at apply time. */
  public readonly connection: ClusterConnection;
  public readonly region: string;
  public readonly vpcId: string;
  private readonly securityGroups: EksSecurityGroups;
  private readonly systemNodeGroup: SystemNodeGroupConfig;
  private installed?: InstalledEksAddOns;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    this.version = props.version;
    this.publicEndpointCidrs = props.publicEndpointCidrs ?? [];
    this.privateEndpointCidrs = props.privateEndpointCidrs ?? [];
    this.adminRoleArns = props.adminRoleArns ?? [];
    this.logRetentionDays = props.logRetentionDays ?? 365;
    this.nodeRootVolumeSizeGiB = props.nodeRootVolumeSizeGiB ?? 50;
    this.preventDestroy = props.preventDestroy ?? false;
    this.systemNodeGroup = props.systemNodeGroup;
    validateEksCluster(`EksCluster ${this.node.path}`, props, this);

    const { name, region } = props;
    const account = accountOf(this);
    const secretsKey = new KmsKey(this, "SecretsKey", {
      description: `EKS ${name} Kubernetes secrets (envelope encryption)`,
      alias: `alias/${name}/eks-secrets`,
      preventDestroy: this.preventDestroy,
    });
    const logs = new EksControlPlaneLogs(this, "ControlPlaneLogs", {
      name,
      region,
      retentionDays: this.logRetentionDays,
      preventDestroy: this.preventDestroy,
    });
    this.logGroupName = logs.logGroupName;
    const role = new EksClusterRole(this, "ClusterRole", { name, secretsKeyArn: secretsKey.keyArn });

    const groups = new EksSecurityGroups(this, "SecurityGroups", { name, vpcId: props.network.networkId });
    this.securityGroups = groups;
    const deployers = groups.allowDeployers(this.privateEndpointCidrs);
    const publicAccess = this.publicEndpointCidrs.length > 0;
    const cluster = new EksClusterResource(this, "Cluster", {
      name,
      version: props.version,
      roleArn: role.roleArn,
      vpcConfig: {
        subnetIds: props.network.privateSubnetIds,
        securityGroupIds: [groups.clusterSecurityGroupId],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccess,
        publicAccessCidrs: publicAccess ? [...this.publicEndpointCidrs] : undefined,
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKey.keyArn } },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      // The managed add-ons below replace the self-managed vpc-cni, CoreDNS and kube-proxy.
      bootstrapSelfManagedAddons: false,
      deletionProtection: this.preventDestroy,
      // Explicit, so the cluster never slides into extended support (billed per hour) unnoticed: at
      // the end of standard support EKS upgrades it instead. Plan upgrades before that date.
      upgradePolicy: { supportType: "STANDARD" },
      tags: { Name: name },
      dependsOn: [logs.logGroup, ...role.grants],
    });
    this.oidcIssuerUrl = cluster.identity.get(0).oidc.get(0).issuer;
    // No thumbprint_list (optional in provider 6): without one, IAM fetches the issuer's top
    // intermediate CA thumbprint itself at creation, so no tls provider lookup is needed.
    const oidc = new IamOpenidConnectProvider(this, "OidcProvider", {
      url: this.oidcIssuerUrl,
      clientIdList: ["sts.amazonaws.com"],
      tags: { Name: `${name}-eks-irsa` },
    });
    this.adminAccess(cluster, account.partition);
    if (deployers) this.ready.push(deployers);

    const roles = new EksServiceAccountRoles(this, "ServiceAccountRoles", {
      name,
      region,
      oidcProviderArn: oidc.arn,
      oidcIssuerUrl: this.oidcIssuerUrl,
    });
    const addon = (addonId: string, addonName: string, more: AddonOptions) =>
      new EksManagedAddon(this, addonId, {
        clusterName: cluster.name,
        kubernetesVersion: props.version,
        addonName,
        ...more,
      });
    const versions = props.addonVersions ?? {};
    const podSubnets = props.network.podSubnets ?? [];
    this.customNetworking = podSubnets.length > 0;
    const vpcCni = addon("VpcCniAddon", "vpc-cni", {
      version: versions.vpcCni,
      serviceAccountRoleArn: roles.vpcCniRoleArn,
      configuration: {
        enableNetworkPolicy: "true",
        // Custom networking: pod ENIs go to the ENIConfig of the node's zone (named after it), so
        // pods take addresses from the pod subnets and the node subnets hold only the nodes.
        ...(this.customNetworking
          ? {
              env: {
                AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true",
                ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone",
                // /28 prefixes per interface: EKS sets the kubelet's maxPods to 110 on managed nodes
                // and ignores a launch template's value, so each node needs the addresses for 110.
                ENABLE_PREFIX_DELEGATION: "true",
                WARM_PREFIX_TARGET: "1",
              },
            }
          : {}),
      },
    });
    const kubeProxy = addon("KubeProxyAddon", "kube-proxy", { version: versions.kubeProxy });
    if (this.customNetworking) {
      // Before any node joins: a node that starts without its zone's ENIConfig gives pods addresses
      // from the node subnet until it is replaced. No pods, so Helm needs no node to install it.
      const eniConfigs = new RawManifests(this, "PodNetworks", {
        releaseName: "pod-networks",
        namespace: "kube-system",
        manifests: podSubnets.map((p) => ({
          apiVersion: "crd.k8s.amazonaws.com/v1alpha1",
          kind: "ENIConfig",
          metadata: { name: p.availabilityZone },
          spec: {
            subnet: p.subnetId,
            securityGroups: [groups.nodeSecurityGroupId, ...(props.additionalNodeSecurityGroupIds ?? [])],
          },
        })),
        dependsOn: [vpcCni.addon, ...this.ready],
      });
      this.beforeNodes.push(eniConfigs.chart.release);
    }
    const nodes = new EksNodeGroups(this, "NodeGroups", {
      name,
      clusterName: cluster.name,
      kubernetesVersion: cluster.version,
      subnetIds: props.network.privateSubnetIds,
      nodeSecurityGroupId: groups.nodeSecurityGroupId,
      additionalSecurityGroupIds: props.additionalNodeSecurityGroupIds,
      system: props.systemNodeGroup,
      application: props.applicationNodeGroup,
      rootVolumeSizeGiB: this.nodeRootVolumeSizeGiB,
      preventDestroy: this.preventDestroy,
      dependsOn: [vpcCni.addon, kubeProxy.addon, ...this.beforeNodes],
    });
    // CoreDNS and the EBS CSI controller tolerate CriticalAddonsOnly and need a node to go ACTIVE.
    const coreDns = addon("CoreDnsAddon", "coredns", {
      version: versions.coreDns,
      dependsOn: [nodes.systemNodeGroup],
    });
    const ebsCsi = addon("EbsCsiDriverAddon", "aws-ebs-csi-driver", {
      version: versions.ebsCsiDriver,
      serviceAccountRoleArn: roles.ebsCsiDriverRoleArn,
      dependsOn: [nodes.systemNodeGroup],
    });

    this.ready.push(
      ...[nodes.systemNodeGroup, nodes.applicationOnDemandNodeGroup, nodes.applicationSpotNodeGroup].filter(
        (g): g is NonNullable<typeof g> => g !== undefined,
      ),
      coreDns.addon,
      ebsCsi.addon,
    );
    // Before anything claims storage: every in-cluster install waits for `ready`, which holds it.
    const storage = new EbsStorageClass(this, "Gp3StorageClass", { dependsOn: [ebsCsi.addon] });
    this.storageClassName = storage.name;
    this.ready.push(storage.storageClass);
    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.endpoint = cluster.endpoint;
    this.certificateAuthorityData = cluster.certificateAuthority.get(0).data;
    this.nodeSecurityGroupId = groups.nodeSecurityGroupId;
    this.clusterSecurityGroupId = groups.clusterSecurityGroupId;
    this.oidcProviderArn = oidc.arn;
    this.clusterAutoscalerRoleArn = roles.clusterAutoscalerRoleArn;
    this.loadBalancerControllerRoleArn = roles.loadBalancerControllerRoleArn;
    this.vpcCniRoleArn = roles.vpcCniRoleArn;
    this.ebsCsiDriverRoleArn = roles.ebsCsiDriverRoleArn;
    this.nodeRoleArn = nodes.nodeRoleArn;
    this.secretsKeyArn = secretsKey.keyArn;
    this.applicationSplit = nodes.applicationSplit;
    this.region = region;
    this.vpcId = props.network.networkId;
    this.connection = {
      host: this.endpoint,
      clusterCaCertificate: Fn.base64decode(this.certificateAuthorityData),
      exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args: [
          "eks",
          "get-token",
          "--cluster-name",
          this.clusterName,
          "--region",
          region,
          "--output",
          "json",
        ],
      },
    };
  }

  /** The load balancer controller, cluster autoscaler and metrics-server, into `scope` (the platform). */
  public installAddOns(
    scope: Construct,
    options: { readonly highAvailability: boolean; readonly dns?: DnsPublication },
  ): PlatformAddOns {
    if (this.installed)
      throw new Error(`EksCluster ${this.node.path}: add-ons are installed once per cluster`);
    this.installed = installEksAddOns(scope, this, options);
    return this.installed;
  }

  /** ExternalDNS on Route 53, with an IRSA role limited to the zone. */
  public publishDns(scope: Construct, dns: DnsPublication): void {
    publishEksDns(scope, this, dns);
  }

  /** Every in-cluster resource under `scope` waits for the controller's webhook and for `ready`. */
  public settle(scope: Construct): void {
    settleEks(scope, this.installed, this.ready, this.beforeNodes);
  }

  /**
   * A cloud identity for one service account (IRSA): an IAM role that only
   * `system:serviceaccount:<namespace>:<serviceAccount>` of this cluster can assume, allowed what the
   * grants say. Returns the annotations the service account needs.
   */
  public workloadIdentity(
    scope: Construct,
    id: string,
    options: {
      readonly namespace: string;
      readonly serviceAccount: string;
      readonly grants: readonly AccessGrant[];
    },
  ): WorkloadIdentity {
    const statements = options.grants.flatMap((grant) => {
      if (grant.cloud !== "aws") {
        throw new Error(
          `EksCluster ${this.node.path}: ${id} was granted access in ${grant.cloud}; an EKS workload takes AWS grants only`,
        );
      }
      return grant.statements.map((s) => ({
        sid: s.sid,
        effect: "Allow",
        actions: [...s.actions],
        resources: [...s.resources],
      }));
    });
    if (statements.length === 0)
      throw new Error(
        `EksCluster ${this.node.path}: ${id} has no grants; a workload without any needs no identity`,
      );
    const policy = new DataAwsIamPolicyDocument(scope, `${id}Grants`, { statement: statements });
    const role = new IrsaRole(scope, id, {
      oidcProviderArn: this.oidcProviderArn,
      oidcIssuerUrl: this.oidcIssuerUrl,
      namespace: options.namespace,
      serviceAccount: options.serviceAccount,
      namePrefix: `${options.serviceAccount}-`.slice(0, 38),
      description: `${options.namespace}/${options.serviceAccount} in ${this.clusterName}`,
      policyJson: policy.json,
    });
    return {
      serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": role.roleArn },
      podLabels: {},
      ready: role.ready,
    };
  }

  /**
   * Opens `port` on the nodes to the control plane, for a webhook or aggregated API that an
   * in-cluster install registers; in-cluster resources then wait for the rule.
   */
  public allowControlPlaneTo(port: number, what: string): void {
    const rule = this.securityGroups.allowControlPlaneTo(port, what);
    if (!this.ready.includes(rule)) this.ready.push(rule);
  }

  /**
   * Throws unless the system node group holds `pods` (what the platform pins to it and its
   * DaemonSets) with EKS's own add-ons, at first apply and at the workloads' maximum.
   */
  public fitSystemPods(pods: Required<SystemPods>): void {
    const v = new Validator(`EksCluster ${this.node.path}`);
    checkSystemCapacity(v, "systemNodeGroup", this.systemNodeGroup, this.customNetworking, pods);
    v.throwIfAny();
  }

  /**
   * One access entry and cluster-admin policy association per admin role, keyed in state by the
   * role ARN (`for_each`), so reordering or removing one role never touches the others.
   */
  private adminAccess(cluster: EksClusterResource, partition: string): void {
    if (this.adminRoleArns.length === 0) {
      Annotations.of(this).addWarning(
        "EksCluster: adminRoleArns is empty and the creator gets no admin access; nobody can reach the Kubernetes API",
      );
      return;
    }
    const arns = Fn.toset([...this.adminRoleArns]);
    const entry = new EksAccessEntry(this, "AdminAccessEntry", {
      clusterName: cluster.name,
      principalArn: EACH_VALUE,
      type: "STANDARD",
    });
    entry.addOverride("for_each", arns);
    const association = new EksAccessPolicyAssociation(this, "AdminAccessPolicy", {
      clusterName: cluster.name,
      principalArn: EACH_VALUE,
      policyArn: `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
      accessScope: { type: "cluster" },
      dependsOn: [entry],
    });
    association.addOverride("for_each", arns);
    this.ready.push(association);
  }
}
