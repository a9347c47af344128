import { describe, expect, it } from "vitest";
import { EDGE_ZONE_SETTINGS, EdgeZone, type EdgeZoneProps } from "../../../constructs/cloudflare/edge-zone";
import { Testing } from "../../../constructs/core";
import { type Attrs, errorOf, logicalIds, problem, resourceById, resourcesOf } from "../../helpers";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const ZONE = "00112233445566778899aabbccddeeff";
const props: EdgeZoneProps = {
  accountId: ACCOUNT,
  zoneId: ZONE,
  zoneName: "platform.acme.example",
  zoneType: "partial",
};

function synth(overrides: Partial<EdgeZoneProps> = {}): string {
  return Testing.synthScope((scope) => new EdgeZone(scope, "Edge", { ...props, ...overrides }));
}

/** Zone settings by setting_id. */
const settingsOf = (out: string): Record<string, Attrs> =>
  Object.fromEntries(
    Object.values(resourcesOf(out, "cloudflare_zone_setting")).map((s) => [s.setting_id, s]),
  );
const record = (out: string, key: string) => resourceById(out, "cloudflare_dns_record", `Edge_Record-${key}`);

describe("EdgeZone", () => {
  const out = synth();

  it("adopts the existing zone with an import block and protects it from destroy", () => {
    expect(logicalIds(out, "cloudflare_zone")).toEqual(["Edge_Zone"]);
    expect(resourceById(out, "cloudflare_zone", "Edge_Zone")).toEqual({
      account: { id: ACCOUNT },
      name: "platform.acme.example",
      type: "partial",
      paused: false,
      lifecycle: { prevent_destroy: true },
    });
    const imports = (JSON.parse(out) as { import: { id: string; to: string }[] }).import;
    expect(imports).toEqual([
      { id: ZONE, to: expect.stringMatching(/^cloudflare_zone\.Edge_Zone_[0-9A-F]{8}$/) },
    ]);
  });

  it("sets strict TLS, HTTPS only, TLS 1.2 and newer with 1.3 on, and HSTS, one setting each", () => {
    expect(logicalIds(out, "cloudflare_zone_setting")).toEqual(
      Object.keys(EDGE_ZONE_SETTINGS)
        .map((k) => `Edge_${k}`)
        .sort(),
    );
    const settings = settingsOf(out);
    expect(Object.fromEntries(Object.entries(settings).map(([k, s]) => [k, s.value]))).toEqual({
      ssl: "strict",
      always_use_https: "on",
      min_tls_version: "1.2",
      tls_1_3: "on",
      automatic_https_rewrites: "on",
      security_header: {
        strict_transport_security: {
          enabled: true,
          max_age: 31536000,
          include_subdomains: true,
          preload: false,
          nosniff: true,
        },
      },
    });
    // The literal zone id, so a load balancer given the same id is in the same zone for the policy.
    for (const s of Object.values(settings)) expect(s.zone_id).toBe(ZONE);
  });

  it("takes TLS 1.3 as the minimum and HSTS options from props", () => {
    const custom = settingsOf(
      synth({
        minTlsVersion: "1.3",
        hsts: { maxAgeSeconds: 63072000, includeSubdomains: true, preload: true, nosniff: false },
        zoneType: "full",
      }),
    );
    expect(custom.min_tls_version!.value).toBe("1.3");
    expect(custom.security_header!.value).toEqual({
      strict_transport_security: {
        enabled: true,
        max_age: 63072000,
        include_subdomains: true,
        preload: true,
        nosniff: false,
      },
    });
  });

  it("writes records with full names, automatic TTL, and logical IDs from type and name", () => {
    const withRecords = synth({
      records: [
        { name: "static", type: "CNAME", content: "acme-static.s3.eu-west-1.amazonaws.com", proxied: true },
        { name: "@", type: "TXT", content: "v=spf1 -all", ttlSeconds: 3600 },
        { name: "_acme-challenge.api", type: "TXT", content: "token", key: "TXT-acme-api", comment: "DCV" },
        { name: "origin.platform.acme.example", type: "A", content: "203.0.113.10" },
        { name: "*.preview", type: "AAAA", content: "2001:db8::1", proxied: true },
      ],
    });
    expect(logicalIds(withRecords, "cloudflare_dns_record")).toEqual([
      "Edge_Record-A-origin",
      "Edge_Record-AAAA-wildcard-preview",
      "Edge_Record-CNAME-static",
      "Edge_Record-TXT-acme-api",
      "Edge_Record-TXT-apex",
    ]);
    expect(record(withRecords, "CNAME-static")).toEqual({
      zone_id: ZONE,
      name: "static.platform.acme.example",
      type: "CNAME",
      content: "acme-static.s3.eu-west-1.amazonaws.com",
      proxied: true,
      ttl: 1,
    });
    expect(record(withRecords, "TXT-apex")).toMatchObject({
      name: "platform.acme.example",
      ttl: 3600,
      proxied: false,
    });
    expect(record(withRecords, "TXT-acme-api")).toMatchObject({
      name: "_acme-challenge.api.platform.acme.example",
      comment: "DCV",
    });
    expect(record(withRecords, "A-origin").name).toBe("origin.platform.acme.example");
    expect(record(withRecords, "AAAA-wildcard-preview").name).toBe("*.preview.platform.acme.example");
  });

  it("keeps a record's logical ID whether its name is relative or full", () => {
    const relative = synth({ records: [{ name: "static", type: "CNAME", content: "a.example" }] });
    const full = synth({
      records: [{ name: "static.platform.acme.example", type: "CNAME", content: "a.example" }],
    });
    expect(Object.keys(resourcesOf(full, "cloudflare_dns_record"))).toEqual(
      Object.keys(resourcesOf(relative, "cloudflare_dns_record")),
    );
  });

  it("exposes the resolved values, settings and records", () => {
    Testing.synthScope((scope) => {
      const zone = new EdgeZone(scope, "Edge", {
        ...props,
        records: [{ name: "static", type: "CNAME", content: "a.example", proxied: true }],
      });
      expect([zone.zoneId, zone.zoneName, zone.minTlsVersion]).toEqual([
        ZONE,
        "platform.acme.example",
        "1.2",
      ]);
      expect(zone.hsts).toEqual({
        maxAgeSeconds: 31536000,
        includeSubdomains: true,
        preload: false,
        nosniff: true,
      });
      expect(Object.keys(zone.settings).sort()).toEqual(Object.values(EDGE_ZONE_SETTINGS).sort());
      expect(Object.keys(zone.records)).toEqual(["CNAME-static"]);
    });
  });

  describe("validation", () => {
    const rec = (r: Partial<NonNullable<EdgeZoneProps["records"]>[number]>) => ({
      records: [{ name: "static", type: "CNAME" as const, content: "a.example", ...r }],
    });
    it.each([
      [
        "an account id that is not an id",
        { accountId: "acme" },
        "accountId",
        "acme",
        "a CloudFlare account id (32 lower-case hex digits) or a token",
      ],
      [
        "a zone id that is the zone name",
        { zoneId: "platform.acme.example" },
        "zoneId",
        "platform.acme.example",
        "a CloudFlare zone id (32 lower-case hex digits) or a token",
      ],
      [
        "a zone name with a trailing dot",
        { zoneName: "platform.acme.example." },
        "zoneName",
        "platform.acme.example.",
        "a lower-case domain without the trailing dot",
      ],
      [
        "a secondary zone",
        { zoneType: "secondary" as EdgeZoneProps["zoneType"] },
        "zoneType",
        "secondary",
        '"full" or "partial"',
      ],
      [
        "TLS 1.0 as the minimum",
        { minTlsVersion: "1.0" as EdgeZoneProps["minTlsVersion"] },
        "minTlsVersion",
        "1.0",
        '"1.2" or "1.3"',
      ],
      ["a zero HSTS max-age", { hsts: { maxAgeSeconds: 0 } }, "hsts.maxAgeSeconds", 0, "an integer >= 1"],
      [
        "preload with a short max-age",
        { hsts: { preload: true, maxAgeSeconds: 86400 } },
        "hsts.preload",
        true,
        "false, or true with maxAgeSeconds >= 31536000 and includeSubdomains",
      ],
      [
        "preload without subdomains",
        { hsts: { preload: true, includeSubdomains: false } },
        "hsts.preload",
        true,
        "false, or true with maxAgeSeconds >= 31536000 and includeSubdomains",
      ],
      [
        "a proxied record without content (an orphan)",
        rec({ proxied: true, content: "" }),
        "records[0].content",
        "",
        "the origin a proxied record sends traffic to (no orphan proxied records)",
      ],
      [
        "a proxied TXT record",
        rec({ type: "TXT", content: "x", proxied: true }),
        "records[0].proxied",
        true,
        "false for TXT; only A, AAAA and CNAME records can be proxied",
      ],
      [
        "an unproxied record without content",
        rec({ content: " " }),
        "records[0].content",
        " ",
        "a non-empty value",
      ],
      ["an MX record", rec({ type: "MX" as "TXT" }), "records[0].type", "MX", "A, AAAA, CNAME, TXT"],
      [
        "a name in another zone",
        rec({ name: "www.other.example." }),
        "records[0].name",
        "www.other.example.",
        "@, a name relative to the zone, or a full name in the zone (lower case, no trailing dot)",
      ],
      [
        "an upper-case name",
        rec({ name: "Static" }),
        "records[0].name",
        "Static",
        "@, a name relative to the zone, or a full name in the zone (lower case, no trailing dot)",
      ],
      [
        "an A record with a host name",
        rec({ type: "A", content: "gateway.example" }),
        "records[0].content",
        "gateway.example",
        "an IPv4 address",
      ],
      [
        "an AAAA record with an IPv4 address",
        rec({ type: "AAAA", content: "203.0.113.1" }),
        "records[0].content",
        "203.0.113.1",
        "an IPv6 address",
      ],
      [
        "a CNAME target with a trailing dot",
        rec({ content: "a.example." }),
        "records[0].content",
        "a.example.",
        "a lower-case host name without the trailing dot",
      ],
      [
        "a TTL of 30",
        rec({ ttlSeconds: 30 }),
        "records[0].ttlSeconds",
        30,
        "1 (automatic) or an integer from 60 to 86400",
      ],
      [
        "a TTL above a day",
        rec({ ttlSeconds: 86401 }),
        "records[0].ttlSeconds",
        86401,
        "1 (automatic) or an integer from 60 to 86400",
      ],
      [
        "a proxied record with a fixed TTL",
        rec({ proxied: true, ttlSeconds: 300 }),
        "records[0].ttlSeconds",
        300,
        "1 (automatic) for a proxied record",
      ],
      [
        "a key with a dot",
        rec({ key: "CNAME.static" }),
        "records[0].key",
        "CNAME.static",
        "letters, digits, - and _",
      ],
      [
        "two records with the same name and type",
        {
          records: [
            { name: "@", type: "TXT" as const, content: "a" },
            { name: "@", type: "TXT" as const, content: "b" },
          ],
        },
        "records[1].key",
        "TXT-apex",
        "a key no other record has",
      ],
    ] as const)("rejects %s", (_case, overrides, field, value, allowed) => {
      expect(errorOf(() => synth(overrides as Partial<EdgeZoneProps>))).toContain(
        problem(field, value, allowed),
      );
    });

    it("names the fix", () => {
      expect(errorOf(() => synth(rec({ proxied: true, content: "" })))).toContain(
        "hint: set the origin's address or host name, or remove the record",
      );
    });

    it("reports every problem at once", () => {
      expect(errorOf(() => synth({ accountId: "", zoneId: "", zoneName: "" }))).toMatch(
        /^EdgeZone .*Edge: 3 invalid prop\(s\)/,
      );
    });
  });
});
