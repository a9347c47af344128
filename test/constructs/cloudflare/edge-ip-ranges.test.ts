/**
 * CloudFlare's pinned origin-facing ranges: the counts verified against the published lists, each a
 * canonical block, public, and none overlapping another.
 */
import { describe, expect, it } from "vitest";
import { isPublic, overlaps, parseCidr } from "../../../constructs/cidr";
import {
  CLOUDFLARE_IPV4_RANGES,
  CLOUDFLARE_IPV6_RANGES,
} from "../../../constructs/cloudflare/edge-ip-ranges";

describe("CloudFlare's edge ranges", () => {
  it("pins the 15 IPv4 and 7 IPv6 ranges CloudFlare publishes", () => {
    expect(CLOUDFLARE_IPV4_RANGES).toHaveLength(15);
    expect(CLOUDFLARE_IPV6_RANGES).toHaveLength(7);
  });

  it("has canonical, public, disjoint IPv4 blocks", () => {
    const ranges = CLOUDFLARE_IPV4_RANGES.map((c) => parseCidr(c));
    ranges.forEach((r, i) => {
      expect(r, CLOUDFLARE_IPV4_RANGES[i]).toBeDefined();
      expect(isPublic(r!), CLOUDFLARE_IPV4_RANGES[i]).toBe(true);
      for (const other of ranges.slice(i + 1)) expect(overlaps(r!, other!)).toBe(false);
    });
  });

  it("has IPv6 blocks inside 2000::/3, each at most a /29 wide", () => {
    for (const c of CLOUDFLARE_IPV6_RANGES) {
      expect(c).toMatch(/^2[0-9a-f]{3}:[0-9a-f]{1,4}::\/(29|3[0-2])$/);
    }
    expect(new Set(CLOUDFLARE_IPV6_RANGES).size).toBe(CLOUDFLARE_IPV6_RANGES.length);
  });
});
