/**
 * The fluent-bit chart values that {@link Logging} sets, spelt as in fluent/helm-charts
 * charts/fluent-bit/values.yaml, and a renderer for Fluent Bit's classic configuration sections.
 */
import { type ResourceRequirements, TOLERATE_ALL, type Toleration } from "./observability-common";

interface EnvVar {
  readonly name: string;
  readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

interface Volume {
  readonly name: string;
  readonly hostPath?: { readonly path: string; readonly type?: string };
  readonly secret?: { readonly secretName: string };
}

interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
}

export interface FluentBitValues {
  readonly kind: "DaemonSet";
  readonly testFramework: { readonly enabled: boolean };
  readonly tolerations: readonly Toleration[];
  readonly priorityClassName: string;
  readonly resources: ResourceRequirements;
  readonly podSecurityContext: { readonly seccompProfile: { readonly type: string } };
  readonly securityContext: {
    readonly runAsUser: number;
    readonly runAsNonRoot: boolean;
    readonly readOnlyRootFilesystem: boolean;
    readonly allowPrivilegeEscalation: boolean;
    readonly capabilities: { readonly drop: readonly string[] };
  };
  readonly env: readonly EnvVar[];
  readonly extraVolumes: readonly Volume[];
  readonly extraVolumeMounts: readonly VolumeMount[];
  readonly daemonSetVolumes: readonly Volume[];
  readonly daemonSetVolumeMounts: readonly VolumeMount[];
  readonly config: {
    readonly service: string;
    readonly inputs: string;
    readonly filters: string;
    readonly outputs: string;
  };
}

/** One `[SECTION]` of Fluent Bit's classic configuration format, keys in the given order. */
export function fluentBitSection(
  section: "SERVICE" | "INPUT" | "FILTER" | "OUTPUT",
  entries: Readonly<Record<string, string | number>>,
): string {
  const lines = Object.entries(entries).map(([key, value]) => `    ${key} ${value}`);
  return [`[${section}]`, ...lines].join("\n");
}

/** Where and how Fluent Bit ships logs. */
export interface FluentBitTarget {
  /** Elasticsearch HTTP service host. */
  readonly host: string;
  readonly elasticUserSecretName: string;
  readonly caSecretName: string;
  readonly indexPrefix: string;
  readonly resources: ResourceRequirements;
}

/** Values for a DaemonSet that tails container logs and writes them to Elasticsearch over TLS. */
export function fluentBitValues(t: FluentBitTarget): FluentBitValues {
  return {
    kind: "DaemonSet",
    testFramework: { enabled: false },
    tolerations: TOLERATE_ALL,
    priorityClassName: "system-node-critical",
    resources: t.resources,
    podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
    // Root (uid 0) only to read the root-owned 0640 log files on the host; no capabilities.
    securityContext: {
      runAsUser: 0,
      runAsNonRoot: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    },
    env: [
      {
        name: "ES_PASSWORD",
        valueFrom: { secretKeyRef: { name: t.elasticUserSecretName, key: "elastic" } },
      },
    ],
    extraVolumes: [
      { name: "es-ca", secret: { secretName: t.caSecretName } },
      { name: "state", hostPath: { path: "/var/fluent-bit/state", type: "DirectoryOrCreate" } },
    ],
    extraVolumeMounts: [
      { name: "es-ca", mountPath: "/fluent-bit/es-ca", readOnly: true },
      { name: "state", mountPath: "/var/fluent-bit/state" },
    ],
    daemonSetVolumes: [
      { name: "varlog", hostPath: { path: "/var/log" } },
      { name: "etcmachineid", hostPath: { path: "/etc/machine-id", type: "File" } },
    ],
    daemonSetVolumeMounts: [
      { name: "varlog", mountPath: "/var/log", readOnly: true },
      { name: "etcmachineid", mountPath: "/etc/machine-id", readOnly: true },
    ],
    config: {
      service: fluentBitSection("SERVICE", {
        Daemon: "Off",
        Flush: 1,
        Log_Level: "info",
        Parsers_File: "/fluent-bit/etc/parsers.conf",
        HTTP_Server: "On",
        HTTP_Listen: "0.0.0.0",
        HTTP_Port: 2020,
        Health_Check: "On",
      }),
      inputs: fluentBitSection("INPUT", {
        Name: "tail",
        Path: "/var/log/containers/*.log",
        "multiline.parser": "cri",
        Tag: "kube.*",
        DB: "/var/fluent-bit/state/tail.db",
        Mem_Buf_Limit: "50MB",
        Skip_Long_Lines: "On",
        Refresh_Interval: 10,
      }),
      filters: fluentBitSection("FILTER", {
        Name: "kubernetes",
        Match: "kube.*",
        Merge_Log: "On",
        Keep_Log: "Off",
        "K8S-Logging.Parser": "On",
        "K8S-Logging.Exclude": "On",
        Annotations: "Off",
      }),
      outputs: fluentBitSection("OUTPUT", {
        Name: "es",
        Match: "kube.*",
        Host: t.host,
        Port: 9200,
        HTTP_User: "elastic",
        // Fluent Bit reads the password from the env; helmValues escapes the `${` for Terraform.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Fluent Bit env reference
        HTTP_Passwd: "${ES_PASSWORD}",
        tls: "On",
        "tls.verify": "On",
        "tls.ca_file": "/fluent-bit/es-ca/ca.crt",
        Logstash_Format: "On",
        Logstash_Prefix: t.indexPrefix,
        Suppress_Type_Name: "On",
        Replace_Dots: "On",
        Trace_Error: "On",
        Retry_Limit: 10,
      }),
    },
  };
}
