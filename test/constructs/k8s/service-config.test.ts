import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Testing, Token } from "../../../constructs/core";
import { ServiceConfig, type ServiceConfigProps } from "../../../constructs/k8s/service-config";
import { type Attrs, errorOf, resourcesOf } from "../../helpers";

const props: ServiceConfigProps = {
  name: "user-service-config",
  namespace: "user-service",
  settings: { LOG_LEVEL: "info", DEBUG: "false" },
};

describe("ServiceConfig", () => {
  it("holds the settings in a ConfigMap, in key order, with their SHA-256", () => {
    let checksum = "";
    const out = Testing.synthScope((scope) => {
      checksum = new ServiceConfig(scope, "Config", props).checksum;
    });
    const [map] = Object.values(resourcesOf(out, "kubernetes_config_map_v1")) as Attrs[];
    expect(map).toMatchObject({
      metadata: { name: "user-service-config", namespace: "user-service" },
      data: { DEBUG: "false", LOG_LEVEL: "info" },
    });
    expect(Object.keys(map!.data as Attrs)).toEqual(["DEBUG", "LOG_LEVEL"]);
    expect(checksum).toBe(
      createHash("sha256")
        .update(JSON.stringify({ DEBUG: "false", LOG_LEVEL: "info" }))
        .digest("hex"),
    );
  });

  it("changes its checksum when a setting changes, and only then", () => {
    const sum = (settings: Record<string, string>) => {
      let c = "";
      Testing.synthScope((scope) => {
        c = new ServiceConfig(scope, "Config", { ...props, settings }).checksum;
      });
      return c;
    };
    expect(sum({ LOG_LEVEL: "info", DEBUG: "false" })).toBe(sum({ DEBUG: "false", LOG_LEVEL: "info" }));
    expect(sum({ LOG_LEVEL: "debug", DEBUG: "false" })).not.toBe(sum({ LOG_LEVEL: "info", DEBUG: "false" }));
  });

  it("rejects a bad name, no settings, a key that is not a variable name and an apply-time value", () => {
    expect(
      errorOf(() =>
        Testing.synthScope(
          (scope) => new ServiceConfig(scope, "Config", { ...props, name: "Bad_Name", settings: {} }),
        ),
      ),
    ).toMatch(
      /name: got "Bad_Name"; allowed: a DNS label[\s\S]*settings: got \{\}; allowed: at least one setting/,
    );
    const message = errorOf(() =>
      Testing.synthScope((scope) => {
        const host = Token.asString({ resolve: () => "db.internal" });
        new ServiceConfig(scope, "Config", { ...props, settings: { "log-level": "info", HOST: host } });
      }),
    );
    expect(message).toMatch(/settings\.log-level: got "log-level"; allowed: an environment variable name/);
    expect(message).toMatch(/settings\.HOST: got "\$\{TfToken\[TOKEN\.\d+\]\}"; allowed: a literal value/);
  });
});
