/**
 * The addresses CloudFlare's edge connects to origins from, pinned here rather than read from
 * CloudFlare's API at plan time (a stack that admits them must not depend on another provider).
 * Source: https://www.cloudflare.com/ips-v4 and /ips-v6 (the `GET /client/v4/ips` API returns the same
 * lists), as pinned on 2026-07-02 by two independent mirrors that agree exactly: 15 IPv4 and 7 IPv6
 * ranges (the last change, in April 2021, split 104.16.0.0/12 into 104.16.0.0/13 and 104.24.0.0/14).
 * CloudFlare announces changes ahead; compare with the API's `etag` before an origin goes live.
 */
export const CLOUDFLARE_IPV4_RANGES = [
  "173.245.48.0/20",
  "103.21.244.0/22",
  "103.22.200.0/22",
  "103.31.4.0/22",
  "141.101.64.0/18",
  "108.162.192.0/18",
  "190.93.240.0/20",
  "188.114.96.0/20",
  "197.234.240.0/22",
  "198.41.128.0/17",
  "162.158.0.0/15",
  "104.16.0.0/13",
  "104.24.0.0/14",
  "172.64.0.0/13",
  "131.0.72.0/22",
] as const;

export const CLOUDFLARE_IPV6_RANGES = [
  "2400:cb00::/32",
  "2606:4700::/32",
  "2803:f800::/32",
  "2405:b500::/32",
  "2405:8100::/32",
  "2a06:98c0::/29",
  "2c0f:f248::/32",
] as const;
