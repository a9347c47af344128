import { stackOf } from "../../lib/fixture.js";
import { isTrue, show } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/**
 * A proxied record names the origin CloudFlare sends its traffic to; one without content is an
 * orphan (a leftover of a removed origin) that answers for the name with nothing behind it.
 */
const rule: Rule = {
  id: "PLAT-CF-004",
  severity: "MEDIUM",
  resourceTypes: ["cloudflare_dns_record"],
  description: "A proxied cloudflare_dns_record has content (no orphan proxied records).",
  fix: "Set content to the origin's address or host name, or remove the record.",
  check: ({ values }) => {
    if (!isTrue(values.proxied)) return [];
    const content = values.content;
    const empty =
      content === undefined || content === null || (typeof content === "string" && content.trim() === "");
    return empty
      ? [`content is ${show(content)} on a proxied record; expected the origin it proxies to`]
      : [];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    cloudflare_dns_record: {
      static: {
        name: "static.acme.example",
        type: "CNAME",
        content: "acme.s3.amazonaws.com",
        proxied: true,
        ttl: 1,
      },
      note: { name: "acme.example", type: "TXT", content: "", proxied: false, ttl: 1 },
    },
  }),
  fail: stackOf({
    cloudflare_dns_record: {
      empty: { name: "old.acme.example", type: "CNAME", content: "", proxied: true, ttl: 1 },
      unset: { name: "gone.acme.example", type: "A", proxied: true, ttl: 1 },
    },
  }),
  attribute: "content",
};
