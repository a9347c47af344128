/**
 * CloudWatch log groups for a data store's service logs, encrypted with a dedicated key whose policy
 * lets CloudWatch Logs in the region use it for exactly these groups (the pattern `network.ts` uses
 * for flow logs). Created ahead of the store so the service never creates an unencrypted group with
 * no retention.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { Construct } from "../core";
import { accountOf } from "./account";
import { KmsKey } from "./kms-key";

export interface DataLogGroupsOptions {
  /** Name shown in the key description, e.g. `prod`. */
  readonly name: string;
  /** Alias of the log key, e.g. `alias/prod/postgres-logs`. */
  readonly alias: string;
  readonly region: string;
  /** What the logs come from, for the key description. */
  readonly service: string;
  /** Logical ID → log group name, e.g. `{ PostgresqlLogGroup: "/aws/rds/instance/prod/postgresql" }`. */
  readonly groups: Readonly<Record<string, string>>;
  readonly retentionDays: number;
  readonly preventDestroy: boolean;
}

export interface DataLogGroups {
  readonly key: KmsKey;
  readonly groups: Readonly<Record<string, CloudwatchLogGroup>>;
}

/** Adds `LogKey` and one log group per entry of `groups` to `scope`. */
export function dataLogGroups(scope: Construct, options: DataLogGroupsOptions): DataLogGroups {
  const account = accountOf(scope);
  const arnOf = (groupName: string) =>
    `arn:${account.partition}:logs:${options.region}:${account.accountId}:log-group:${groupName}`;
  const key = new KmsKey(scope, "LogKey", {
    description: `${options.name} ${options.service} logs`,
    alias: options.alias,
    preventDestroy: options.preventDestroy,
    services: [
      {
        service: `logs.${options.region}.amazonaws.com`,
        conditions: [
          {
            test: "ArnEquals",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: Object.values(options.groups).map(arnOf),
          },
        ],
      },
    ],
  });
  const groups = Object.fromEntries(
    Object.entries(options.groups).map(([id, groupName]) => [
      id,
      new CloudwatchLogGroup(scope, id, {
        name: groupName,
        retentionInDays: options.retentionDays,
        kmsKeyId: key.keyArn,
      }),
    ]),
  );
  return { key, groups };
}
