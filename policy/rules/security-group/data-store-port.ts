import { ref, stackOf } from "../../lib/fixture.js";
import {
  describePorts,
  type IngressPermission,
  ingressOf,
  isExactlyTcpPort,
} from "../../lib/security-groups.js";
import { asNumber, asStrings, refersTo } from "../../lib/values.js";
import type { ResourceView, Rule, RuleFixtures, StackIndex } from "../../types.js";

/** Default port per engine, when `port` is not set. */
const ENGINE_PORTS: Readonly<Record<string, number>> = {
  postgres: 5432,
  "aurora-postgresql": 5432,
  mysql: 3306,
  mariadb: 3306,
  aurora: 3306,
  "aurora-mysql": 3306,
  redis: 6379,
  valkey: 6379,
  memcached: 11211,
};

/** The attribute listing a data store's security groups. */
const GROUPS_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_db_instance: "vpc_security_group_ids",
  aws_rds_cluster: "vpc_security_group_ids",
  aws_elasticache_replication_group: "security_group_ids",
};

/** The store's port: `port`, else the engine default; `undefined` when neither is known. */
function portOf(values: Record<string, unknown>): number | undefined {
  return (
    asNumber(values.port) ?? (typeof values.engine === "string" ? ENGINE_PORTS[values.engine] : undefined)
  );
}

/** Every ingress permission of a group, inline or from standalone rules pointing at it. */
function ingressTo(
  group: ResourceView,
  stack: StackIndex,
): Array<{ source: ResourceView; p: IngressPermission }> {
  const standalone = ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule"].flatMap((type) =>
    stack.ofType(type).filter((r) => refersTo(r.values.security_group_id, group.address)),
  );
  return [group, ...standalone].flatMap((source) => ingressOf(source).map((p) => ({ source, p })));
}

/**
 * A data store's security groups admit its port and nothing else: a range such as 0-5432, or all
 * protocols, opens whatever else listens on the host's interface (and every port of any other store
 * that shares the group).
 */
const rule: Rule = {
  id: "PLAT-SG-006",
  severity: "HIGH",
  resourceTypes: Object.keys(GROUPS_ATTRIBUTE),
  description:
    "Every ingress rule of a data store's security group (aws_db_instance, aws_rds_cluster, aws_elasticache_replication_group) admits exactly the store's TCP port (port, or the engine default).",
  fix: "Set from_port = to_port = the store's port and ip_protocol = tcp on every ingress rule of its security group.",
  check: (store, _ctx, stack) => {
    const port = portOf(store.values);
    if (port === undefined) return [];
    const attribute = GROUPS_ATTRIBUTE[store.type]!;
    const groups = stack
      .ofType("aws_security_group")
      .filter((g) => asStrings(store.values[attribute]).some((id) => refersTo(id, g.address)));
    return groups.flatMap((group) =>
      ingressTo(group, stack)
        .filter(({ p }) => !isExactlyTcpPort(p, port))
        .map(
          ({ source, p }) =>
            `${source.address}${p.label ? ` ${p.label}` : ""} admits ${describePorts(p)} to ${group.address}; expected exactly port tcp ${port}`,
        ),
    );
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_db_instance: {
      db: { engine: "postgres", vpc_security_group_ids: [ref("aws_security_group.db.id")] },
    },
    aws_security_group: { db: { description: "db" } },
    aws_vpc_security_group_ingress_rule: {
      clients: {
        security_group_id: ref("aws_security_group.db.id"),
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
        referenced_security_group_id: ref("aws_security_group.clients.id"),
      },
    },
  }),
  fail: stackOf({
    aws_elasticache_replication_group: {
      cache: { port: 6379, security_group_ids: [ref("aws_security_group.cache.id")] },
    },
    aws_security_group: {
      cache: {
        description: "cache",
        ingress: [
          { protocol: "tcp", from_port: 0, to_port: 6379, security_groups: [ref("aws_security_group.c.id")] },
        ],
      },
    },
    aws_security_group_rule: {
      everything: {
        type: "ingress",
        protocol: "-1",
        from_port: 0,
        to_port: 0,
        source_security_group_id: ref("aws_security_group.c.id"),
        security_group_id: ref("aws_security_group.cache.id"),
      },
    },
  }),
  attribute: "port",
};
