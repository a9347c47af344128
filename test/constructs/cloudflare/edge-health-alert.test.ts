import { describe, expect, it } from "vitest";
import { EdgeHealthAlert, type EdgeHealthAlertProps } from "../../../constructs/cloudflare/edge-health-alert";
import { Testing } from "../../../constructs/core";
import { errorOf, problem, resourceById } from "../../helpers";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const POOL = "fedcba9876543210fedcba9876543210";
const HOOK = "0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9";
const props: EdgeHealthAlertProps = {
  accountId: ACCOUNT,
  name: "prod edge pool health",
  poolIds: [POOL],
  emails: ["platform-oncall@acme.example"],
};

const synth = (overrides: Partial<EdgeHealthAlertProps> = {}) =>
  Testing.synthScope((scope) => {
    new EdgeHealthAlert(scope, "Alert", { ...props, ...overrides });
  });
const policy = (out: string) => resourceById(out, "cloudflare_notification_policy", "Alert_Policy");

describe("EdgeHealthAlert", () => {
  it("sends every health change of the given pools by email", () => {
    expect(policy(synth())).toMatchObject({
      account_id: ACCOUNT,
      alert_type: "load_balancing_health_alert",
      enabled: true,
      filters: { pool_id: [POOL], new_health: ["Unhealthy", "Healthy"], event_source: ["pool", "origin"] },
      mechanisms: { email: [{ id: "platform-oncall@acme.example" }] },
    });
  });

  it("sends to webhooks alone when no address is given", () => {
    const mechanisms = policy(synth({ emails: [], webhookIds: [HOOK] })).mechanisms;
    expect(mechanisms).toEqual({ webhooks: [{ id: HOOK }] });
  });

  describe("validation", () => {
    it.each([
      [
        "no receiver at all",
        { emails: [] },
        problem("emails", [], "at least one email address or webhook id"),
      ],
      ["no pools", { poolIds: [] }, problem("poolIds", [], "at least one pool id")],
      [
        "a pool named instead of its id",
        { poolIds: ["aws-blue"] },
        problem("poolIds[0]", "aws-blue", "a pool id (32 lower-case hex digits) or a token"),
      ],
      [
        "an address without a domain",
        { emails: ["oncall"] },
        problem("emails[0]", "oncall", "an email address"),
      ],
      [
        "a webhook given by name",
        { webhookIds: ["pagerduty"] },
        problem("webhookIds[0]", "pagerduty", "a webhook id (a lower-case UUID)"),
      ],
      [
        "an account that is not an id",
        { accountId: "acme" },
        problem("accountId", "acme", "a CloudFlare account id (32 lower-case hex digits) or a token"),
      ],
    ] as const)("rejects %s", (_case, overrides, message) => {
      expect(errorOf(() => synth(overrides as Partial<EdgeHealthAlertProps>))).toContain(message);
    });
  });
});
