import { describe, expect, it } from "vitest";
import {
  AKS_GATEWAY_SERVICE_ANNOTATIONS,
  gatewayServiceAnnotations,
} from "../../../constructs/azure/aks-load-balancer";
import { errorOf } from "../../helpers";

describe("gatewayServiceAnnotations", () => {
  it("probes Envoy's readiness on the status port for each listener of the public gateway", () => {
    expect(AKS_GATEWAY_SERVICE_ANNOTATIONS).toEqual({
      "service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path": "/healthz/ready",
      "service.beta.kubernetes.io/port_80_health-probe_protocol": "http",
      "service.beta.kubernetes.io/port_80_health-probe_port": "15021",
      "service.beta.kubernetes.io/port_80_health-probe_request-path": "/healthz/ready",
      "service.beta.kubernetes.io/port_443_health-probe_protocol": "http",
      "service.beta.kubernetes.io/port_443_health-probe_port": "15021",
      "service.beta.kubernetes.io/port_443_health-probe_request-path": "/healthz/ready",
    });
  });

  it("makes the load balancer internal on request, for other ports", () => {
    const annotations = gatewayServiceAnnotations({ ports: [8443], internal: true });
    expect(annotations).toMatchObject({
      "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
      "service.beta.kubernetes.io/port_8443_health-probe_port": "15021",
    });
    expect(Object.keys(annotations).filter((k) => k.includes("port_80_"))).toEqual([]);
  });

  it("refuses a port outside 1..65535", () => {
    expect(errorOf(() => gatewayServiceAnnotations({ ports: [0, 443] }))).toBe(
      "gatewayServiceAnnotations: ports [0] are not 1..65535",
    );
  });
});

describe("the gateway's public name on Azure", () => {
  it("labels the gateway IP with the cluster's name, which gives the edge a stable origin", async () => {
    const { AZURE_DNS_LABEL_ANNOTATION, azureGatewayHostname } = await import(
      "../../../constructs/azure/aks-load-balancer"
    );
    expect(AZURE_DNS_LABEL_ANNOTATION).toBe("service.beta.kubernetes.io/azure-dns-label-name");
    expect(azureGatewayHostname("prod-azure-blue", "westeurope")).toBe(
      "prod-azure-blue.westeurope.cloudapp.azure.com",
    );
  });
});
