import { NotificationPolicy } from "@cdktf/provider-cloudflare/lib/notification-policy";
import { Construct, Token } from "../core";
import { Validator } from "../validation";
import { checkAccountId, isCloudflareIdOrToken } from "./edge-limits";

export interface EdgeHealthAlertProps {
  /** CloudFlare account that owns the pools (32 hex digits, or a token). */
  readonly accountId: string;
  /** The policy's name in the dashboard, e.g. `prod edge pool health`. */
  readonly name: string;
  /** Ids of the pools whose health changes are sent (`EdgePool.poolId`); at least one. */
  readonly poolIds: readonly string[];
  /**
   * Addresses that get an email on every health change.
   * @default []
   */
  readonly emails?: readonly string[];
  /**
   * Ids of the account's notification webhooks (a PagerDuty or chat endpoint registered under
   * Notifications > Destinations) that get every health change.
   * @default []
   */
  readonly webhookIds?: readonly string[];
}

/** An email address, loosely: something@domain.tld, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A notification webhook id: a UUID. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Tells the operators when a pool's health changes: one account-level notification policy
 * (`cloudflare_notification_policy`, alert type `load_balancing_health_alert`) over the given pools,
 * by email and webhooks. A failover needs no apply, so without this nobody learns that CloudFlare has
 * moved the traffic to the other cloud (the failover runbook starts here). Both directions
 * (`Unhealthy`, `Healthy`) of both sources (`pool`, `origin`) are sent, written out as CloudFlare's
 * documented values so the server adds no defaults that would drift. The pools set no legacy
 * per-pool email and no `notification_filter`, which could mute these.
 */
export class EdgeHealthAlert extends Construct {
  public readonly policy: NotificationPolicy;

  constructor(scope: Construct, id: string, props: EdgeHealthAlertProps) {
    super(scope, id);
    const emails = props.emails ?? [];
    const webhookIds = props.webhookIds ?? [];
    this.validate(props, emails, webhookIds);
    this.policy = new NotificationPolicy(this, "Policy", {
      accountId: props.accountId,
      name: props.name,
      description: "A load balancer pool of the edge changed health: CloudFlare may have failed over",
      alertType: "load_balancing_health_alert",
      enabled: true,
      filters: {
        poolId: [...props.poolIds],
        newHealth: ["Unhealthy", "Healthy"],
        eventSource: ["pool", "origin"],
      },
      mechanisms: {
        ...(emails.length > 0 ? { email: emails.map((address) => ({ id: address })) } : {}),
        ...(webhookIds.length > 0 ? { webhooks: webhookIds.map((hook) => ({ id: hook })) } : {}),
      },
    });
  }

  private validate(
    props: EdgeHealthAlertProps,
    emails: readonly string[],
    webhookIds: readonly string[],
  ): void {
    const v = new Validator(`EdgeHealthAlert ${this.node.path}`);
    checkAccountId(v, props.accountId)
      .check(
        props.name.trim().length > 0,
        "name",
        props.name,
        "a non-empty name",
        "e.g. prod edge pool health",
      )
      .check(
        props.poolIds.length > 0,
        "poolIds",
        props.poolIds,
        "at least one pool id",
        "pass every pool of the edge (EdgePool.poolId)",
      )
      .check(
        emails.length + webhookIds.length > 0,
        "emails",
        emails,
        "at least one email address or webhook id",
        "an alert nobody receives is no alert; add the on-call address",
      );
    props.poolIds.forEach((poolId, i) => {
      v.check(
        isCloudflareIdOrToken(poolId),
        `poolIds[${i}]`,
        poolId,
        "a pool id (32 lower-case hex digits) or a token",
        "pass EdgePool.poolId",
      );
    });
    emails.forEach((address, i) => {
      v.check(
        Token.isUnresolved(address) || EMAIL.test(address),
        `emails[${i}]`,
        address,
        "an email address",
        "e.g. platform-oncall@acme.example",
      );
    });
    webhookIds.forEach((hook, i) => {
      v.check(
        Token.isUnresolved(hook) || UUID.test(hook),
        `webhookIds[${i}]`,
        hook,
        "a webhook id (a lower-case UUID)",
        "copy it from Notifications > Destinations > Webhooks",
      );
    });
    v.throwIfAny();
  }
}
