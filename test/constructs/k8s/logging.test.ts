import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Job } from "kubernetes-models/batch/v1/Job";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Testing } from "../../../constructs/core";
import { bootstrapObjects } from "../../../constructs/k8s/elastic-bootstrap";
import { Logging, type LoggingProps } from "../../../constructs/k8s/logging";
import { type Attrs, resourcesOf } from "../../helpers";

const props: LoggingProps = { retentionDays: 30, highAvailability: true };

// biome-ignore lint/suspicious/noExplicitAny: parsed chart values are untyped YAML
type Values = any;

function synth(overrides: Partial<LoggingProps> = {}): string {
  return Testing.synthScope((scope) => new Logging(scope, "Logging", { ...props, ...overrides }));
}

function release(out: string, name: string): { attrs: Attrs; values: Values } {
  const attrs = Object.values(resourcesOf(out, "helm_release")).find((r) => r.name === name);
  if (!attrs) throw new Error(`no release ${name}`);
  return { attrs, values: parse((attrs.values as string[])[0] ?? "") };
}

function manifest(out: string, releaseName: string, kind: string): Values {
  return release(out, releaseName).values.manifests.find((m: Values) => m.kind === kind);
}

describe("Logging", () => {
  const out = synth();

  it("installs the pinned ECK operator on system nodes, managing the logging namespace", () => {
    expect(out).toHaveResourceWithProperties(Release, {
      name: "eck-operator",
      repository: "https://helm.elastic.co",
      chart: "eck-operator",
      version: "3.5.0",
      namespace: "elastic-system",
    });
    const { values } = release(out, "eck-operator");
    expect(values.installCRDs).toBe(true);
    expect(values.managedNamespaces).toEqual(["logging"]);
    expect(values.nodeSelector).toEqual({ "node-role": "system" });
    expect(values.tolerations[0]).toMatchObject({ key: "CriticalAddonsOnly", effect: "NoSchedule" });
    expect(values.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(out).toHaveResourceWithProperties(NamespaceV1, { metadata: { name: "logging" } });
  });

  it("delivers Elasticsearch and Kibana through RawManifests after the operator", () => {
    const { attrs } = release(out, "elastic-stack");
    expect(attrs.namespace).toBe("logging");
    expect(attrs.depends_on).toEqual([expect.stringContaining("helm_release.Logging_EckOperator_Release")]);
    const es = manifest(out, "elastic-stack", "Elasticsearch");
    expect(Object.keys(es).sort()).toEqual(["apiVersion", "kind", "metadata", "spec"]);
    expect(es.apiVersion).toBe("elasticsearch.k8s.elastic.co/v1");
    expect(es.metadata).toEqual({ name: "elasticsearch", namespace: "logging" });
    expect(Object.keys(es.spec).sort()).toEqual(["nodeSets", "version"]);
    expect(es.spec.version).toBe("8.19.14");
    const [nodeSet] = es.spec.nodeSets;
    expect(Object.keys(nodeSet).sort()).toEqual([
      "config",
      "count",
      "name",
      "podTemplate",
      "volumeClaimTemplates",
    ]);
    expect(nodeSet.count).toBe(3);
    expect(nodeSet.volumeClaimTemplates).toEqual([
      {
        metadata: { name: "elasticsearch-data" },
        spec: {
          accessModes: ["ReadWriteOnce"],
          storageClassName: "gp3",
          resources: { requests: { storage: "100Gi" } },
        },
      },
    ]);
    expect(nodeSet.podTemplate.spec.nodeSelector).toEqual({ "node-role": "application" });
    expect(nodeSet.podTemplate.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(nodeSet.podTemplate.spec.containers[0]).toMatchObject({
      name: "elasticsearch",
      resources: { requests: { cpu: "1", memory: "4Gi" } },
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      },
    });

    const kibana = manifest(out, "elastic-stack", "Kibana");
    expect(kibana.apiVersion).toBe("kibana.k8s.elastic.co/v1");
    expect(Object.keys(kibana.spec).sort()).toEqual(["count", "elasticsearchRef", "podTemplate", "version"]);
    expect(kibana.spec.elasticsearchRef).toEqual({ name: "elasticsearch", namespace: "logging" });
    expect(kibana.spec.podTemplate.spec.containers[0].name).toBe("kibana");
  });

  it("sizes the cluster down without highAvailability", () => {
    const dev = synth({ highAvailability: false });
    const es = manifest(dev, "elastic-stack", "Elasticsearch");
    expect(es.spec.nodeSets[0].count).toBe(1);
    expect(es.spec.nodeSets[0].volumeClaimTemplates[0].spec.resources.requests.storage).toBe("20Gi");
    expect(manifest(dev, "elastic-stack", "Kibana").spec.count).toBe(1);
    const template = JSON.parse(manifest(dev, "elastic-bootstrap", "ConfigMap").data["index-template.json"]);
    expect(template.template.settings["index.number_of_replicas"]).toBe(0);
  });

  it("runs Fluent Bit as a DaemonSet on every node, shipping container logs to Elasticsearch over TLS", () => {
    const { attrs, values } = release(out, "fluent-bit");
    expect(attrs).toMatchObject({
      repository: "https://fluent.github.io/helm-charts",
      chart: "fluent-bit",
      version: "0.58.1",
      namespace: "logging",
    });
    expect(values.kind).toBe("DaemonSet");
    expect(values.tolerations).toEqual([{ operator: "Exists" }]);
    expect(values.config.inputs).toContain("Path /var/log/containers/*.log");
    expect(values.config.inputs).toContain("multiline.parser cri");
    expect(values.config.filters).toContain("Name kubernetes");
    const output: string = values.config.outputs;
    for (const line of [
      "Name es",
      "Host elasticsearch-es-http.logging.svc",
      "Port 9200",
      "tls On",
      "tls.verify On",
      "tls.ca_file /fluent-bit/es-ca/ca.crt",
      "HTTP_User elastic",
      "HTTP_Passwd $${ES_PASSWORD}",
      "Logstash_Format On",
      "Logstash_Prefix kubernetes",
    ]) {
      expect(output).toContain(`    ${line}\n`);
    }
    expect(values.env).toEqual([
      {
        name: "ES_PASSWORD",
        valueFrom: { secretKeyRef: { name: "elasticsearch-es-elastic-user", key: "elastic" } },
      },
    ]);
    expect(values.extraVolumes).toContainEqual({
      name: "es-ca",
      secret: { secretName: "elasticsearch-es-http-certs-public" },
    });
    expect(values.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(values.testFramework.enabled).toBe(false);
  });

  it("leaves no unescaped Terraform template sequence in any values", () => {
    const shared = synth({ shareCredentialsWith: ["observability"] });
    for (const r of Object.values(resourcesOf(shared, "helm_release"))) {
      expect((r.values as string[])[0]).not.toMatch(/(^|[^$])\$\{|(^|[^%])%\{/);
    }
  });

  it("builds the lifecycle policy with the configured retention and applies it to the log indices", () => {
    const config = manifest(out, "elastic-bootstrap", "ConfigMap");
    expect(JSON.parse(config.data["ilm-policy.json"])).toEqual({
      policy: {
        _meta: { managed_by: "platform Logging construct" },
        phases: {
          hot: { min_age: "0ms", actions: { set_priority: { priority: 100 } } },
          delete: { min_age: "30d", actions: { delete: {} } },
        },
      },
    });
    const template = JSON.parse(config.data["index-template.json"]);
    expect(template.index_patterns).toEqual(["kubernetes-*"]);
    expect(template.template.settings).toEqual({
      "index.lifecycle.name": "kubernetes-logs",
      "index.number_of_replicas": 1,
    });
    const seven = manifest(synth({ retentionDays: 7 }), "elastic-bootstrap", "ConfigMap");
    expect(JSON.parse(seven.data["ilm-policy.json"]).policy.phases.delete.min_age).toBe("7d");
  });

  it("runs the setup as a hardened Helm hook Job after the stack is installed", () => {
    const { attrs } = release(out, "elastic-bootstrap");
    expect(attrs.depends_on).toEqual([
      expect.stringContaining("helm_release.Logging_ElasticStack_Objects_Release"),
    ]);
    const job = manifest(out, "elastic-bootstrap", "Job");
    expect(job.metadata.annotations).toEqual({
      "helm.sh/hook": "post-install,post-upgrade",
      "helm.sh/hook-delete-policy": "before-hook-creation",
    });
    const pod = job.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 100 });
    const [container] = pod.containers;
    expect(container.image).toBe("curlimages/curl:8.15.0");
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(container.resources.limits).toEqual({ cpu: "100m", memory: "64Mi" });
    const script: string = container.command[2];
    expect(script).toContain('es_put "/_ilm/policy/kubernetes-logs" ilm-policy.json');
    expect(script).toContain('es_put "/_index_template/kubernetes-logs" index-template.json');
    expect(script).not.toContain("apply_secret");
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it("copies the elastic credentials into the namespaces it shares them with", () => {
    const shared = synth({ shareCredentialsWith: ["observability"] });
    const job = manifest(shared, "elastic-bootstrap", "Job");
    const script: string = job.spec.template.spec.containers[0].command[2];
    expect(script).toContain("for NS in observability; do");
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(true);
    const role = manifest(shared, "elastic-bootstrap", "Role");
    expect(role.metadata.namespace).toBe("observability");
    expect(role.rules).toEqual([
      { apiGroups: [""], resources: ["secrets"], verbs: ["create"] },
      {
        apiGroups: [""],
        resources: ["secrets"],
        resourceNames: ["elasticsearch-es-elastic-user", "elasticsearch-es-http-certs-public"],
        verbs: ["get", "patch"],
      },
    ]);
  });

  it("builds bootstrap objects that pass the Kubernetes schemas", () => {
    const o = bootstrapObjects({
      elasticsearchName: "elasticsearch",
      namespace: "logging",
      elasticsearchUrl: "https://elasticsearch-es-http.logging.svc:9200",
      policyName: "kubernetes-logs",
      indexPrefix: "kubernetes",
      retentionDays: 30,
      replicas: 1,
      shareWithNamespaces: ["observability"],
    });
    // Plain objects at synth (the models are ES-module-only); their schemas validate them here.
    expect(() => new ConfigMap(o.bodies).validate()).not.toThrow();
    expect(() => new ServiceAccount(o.account).validate()).not.toThrow();
    expect(() => new Job(o.job).validate()).not.toThrow();
    expect(() => new Role(o.rbac[0] as never).validate()).not.toThrow();
    expect(() => new RoleBinding(o.rbac[1] as never).validate()).not.toThrow();
    expect(o.rbac.map((r) => r.kind)).toEqual(["Role", "RoleBinding"]);
  });

  it("exposes its contract", () => {
    Testing.synthScope((scope) => {
      const l = new Logging(scope, "Logging", props);
      expect(l.elasticsearchName).toBe("elasticsearch");
      expect(l.elasticsearchNamespace).toBe("logging");
      expect(l.elasticsearchUrl).toBe("https://elasticsearch-es-http.logging.svc:9200");
      expect(l.elasticUserSecretName).toBe("elasticsearch-es-elastic-user");
      expect(l.caSecretName).toBe("elasticsearch-es-http-certs-public");
      expect(l.operatorRelease.release.nameInput).toBe("eck-operator");
      expect(l.resourcesRelease.chart.release.nameInput).toBe("elastic-stack");
    });
  });

  it("rejects bad retention, sizes, versions and namespaces, naming each field", () => {
    expect(() =>
      synth({
        retentionDays: 0,
        elasticsearchNodes: 2,
        elasticsearchStorage: "100GB",
        elasticVersion: "7.17.0",
        indexPrefix: "Logs",
        shareCredentialsWith: ["logging"],
        kibanaResources: { requests: { cpu: "x", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } },
      }),
    ).toThrowError(
      new RegExp(
        [
          "Logging stack/Logging: 7 invalid prop\\(s\\)",
          "monitoring.logRetentionDays: got 0; allowed: an integer from 1 to 3650",
          "elasticsearchNodes: got 2; allowed: at least 3 with highAvailability",
          'elasticsearchStorage: got "100GB"; allowed: a size in Gi or Ti',
          'elasticVersion: got "7.17.0"; allowed: an exact 8.x or 9.x version',
          'indexPrefix: got "Logs"; allowed: lower-case letters, digits and dashes',
          'shareCredentialsWith: got \\["logging"\\]; allowed: namespace names other than logging',
          "resources: got .*; allowed: CPU and memory quantities",
        ].join("[\\s\\S]*"),
      ),
    );
    expect(() => synth({ highAvailability: false, elasticsearchNodes: 0 })).toThrowError(
      "elasticsearchNodes: got 0; allowed: an integer >= 1; hint: use 3 for high availability",
    );
  });
});
