import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Construct, type TerraformResource } from "../core";
import { ChartRelease } from "../k8s/chart-release";
import { AWS_REGION, DNS_SUBDOMAIN, tokenOr } from "../k8s/k8s-checks";
import {
  type ResourceRequirements,
  resourcesCheck,
  SYSTEM_NODE_SELECTOR,
  SYSTEM_TOLERATIONS,
} from "../k8s/observability-common";
import { Validator } from "../validation";
import { accountOf } from "./account";
import { IrsaRole } from "./irsa-role";

/**
 * kubernetes-sigs/external-dns chart 1.20.0 (ExternalDNS 0.19): pinned from public install scripts
 * (`helm pull edns/external-dns --version 1.20.0`). Since 1.14 the provider is an object
 * (`provider.name`); the chart's default container security context is already non-root, read-only
 * and drops all capabilities.
 */
export const EXTERNAL_DNS_CHART = {
  repository: "https://kubernetes-sigs.github.io/external-dns/",
  chart: "external-dns",
  version: "1.20.0",
} as const;
export const EXTERNAL_DNS_NAMESPACE = "external-dns";
/** The chart names its service account after the release. */
export const EXTERNAL_DNS_SERVICE_ACCOUNT = "external-dns";
/** The Service annotation ExternalDNS reads the record name from. */
export const HOSTNAME_ANNOTATION = "external-dns.alpha.kubernetes.io/hostname";

/** Values of the external-dns chart that this construct sets, spelt as in its values.yaml. */
export interface ExternalDnsValues {
  readonly provider: { readonly name: "aws" };
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly serviceAccount: { readonly annotations: Readonly<Record<string, string>> };
  readonly sources: readonly string[];
  readonly domainFilters: readonly string[];
  readonly policy: "upsert-only" | "sync";
  readonly registry: "txt";
  readonly txtOwnerId: string;
  readonly interval: string;
  readonly logFormat: "json" | "text";
  readonly extraArgs: readonly string[];
  readonly resources: ResourceRequirements;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: typeof SYSTEM_TOLERATIONS;
}

export interface ExternalDnsProps {
  /** The cluster's name: the TXT ownership id, so two colors never fight over a record. */
  readonly clusterName: string;
  readonly region: string;
  /** The public hosted zone the records go into. */
  readonly zoneName: string;
  readonly zoneId: string;
  /** The cluster's IAM OIDC provider, for the IRSA role. */
  readonly oidcProviderArn: string;
  readonly oidcIssuerUrl: string;
  /**
   * Pod resources.
   * @default - requests 50m/64Mi, limits 200m/128Mi
   */
  readonly resources?: ResourceRequirements;
  /** Releases or resources the install waits for. */
  readonly dependsOn?: readonly (ChartRelease<object> | TerraformResource)[];
}

/**
 * ExternalDNS, publishing the records that Services name in `external-dns.alpha.kubernetes.io/hostname`
 * into one hosted zone: in the prod colors, `<color>.<zone>` for the ingress gateway's NLB. Its IRSA
 * role may change records in that zone only, and `upsert-only` never deletes what it did not create.
 */
export class ExternalDns extends Construct {
  public readonly release: ChartRelease<ExternalDnsValues>;
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    super(scope, id);
    const resources = props.resources ?? {
      requests: { cpu: "50m", memory: "64Mi" },
      limits: { cpu: "200m", memory: "128Mi" },
    };
    new Validator(`ExternalDns ${this.node.path}`)
      .check(
        DNS_SUBDOMAIN.test(props.zoneName),
        "zoneName",
        props.zoneName,
        "a DNS zone name",
        "use the hosted zone's name, e.g. example.com",
      )
      .check(
        tokenOr(props.zoneId, /^Z[A-Z0-9]{1,31}$/),
        "zoneId",
        props.zoneId,
        "a Route 53 hosted zone id (Z...)",
        "pass the zone's zone_id",
      )
      .check(
        tokenOr(props.region, AWS_REGION),
        "region",
        props.region,
        "an AWS region",
        "use the stack's region",
      )
      .check(...resourcesCheck("resources", resources))
      .throwIfAny();

    const zoneArn = `arn:${accountOf(this).partition}:route53:::hostedzone/${props.zoneId}`;
    const policy = new DataAwsIamPolicyDocument(this, "Policy", {
      statement: [
        {
          sid: "ChangeRecordsInTheZone",
          effect: "Allow",
          actions: ["route53:ChangeResourceRecordSets"],
          resources: [zoneArn],
        },
        {
          sid: "ReadZones",
          effect: "Allow",
          actions: [
            "route53:ListHostedZones",
            "route53:ListResourceRecordSets",
            "route53:ListTagsForResources",
          ],
          resources: ["*"],
        },
      ],
    });
    const role = new IrsaRole(this, "Role", {
      oidcProviderArn: props.oidcProviderArn,
      oidcIssuerUrl: props.oidcIssuerUrl,
      namespace: EXTERNAL_DNS_NAMESPACE,
      serviceAccount: EXTERNAL_DNS_SERVICE_ACCOUNT,
      namePrefix: "external-dns-",
      description: `ExternalDNS in ${props.clusterName}: records in ${props.zoneName}`,
      policyJson: policy.json,
    });
    this.roleArn = role.roleArn;
    this.release = new ChartRelease<ExternalDnsValues>(this, "ExternalDns", {
      releaseName: "external-dns",
      namespace: EXTERNAL_DNS_NAMESPACE,
      chart: EXTERNAL_DNS_CHART,
      // The chart runs one replica (it has no replica setting).
      systemPods: { pinned: [{ what: "external-dns", pods: 1, requests: resources.requests }] },
      values: {
        provider: { name: "aws" },
        env: [{ name: "AWS_DEFAULT_REGION", value: props.region }],
        serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": role.roleArn } },
        sources: ["service"],
        domainFilters: [props.zoneName],
        policy: "upsert-only",
        registry: "txt",
        txtOwnerId: props.clusterName,
        interval: "1m",
        logFormat: "json",
        extraArgs: ["--aws-zone-type=public", `--zone-id-filter=${props.zoneId}`],
        resources,
        nodeSelector: { ...SYSTEM_NODE_SELECTOR },
        tolerations: [...SYSTEM_TOLERATIONS],
      },
      dependsOn: props.dependsOn,
    });
  }
}
