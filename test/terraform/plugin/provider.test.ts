import { join } from "node:path";
import type * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { type CtyValue, UNKNOWN } from "./cty";
import { decode, encode } from "./msgpack";
import { providerService } from "./provider";
import { impliedType, loadProviderSchema } from "./schema";

const schema = loadProviderSchema(join(__dirname, "fixtures", "toycloud-schema.json"), "toycloud");
const networkType = impliedType(schema.resource_schemas!.toycloud_network!.block);
const calls: string[] = [];
const service = providerService({ schema, trace: (rpc, type) => calls.push(`${rpc} ${type}`) });

/** Calls one handler as grpc-js would, and returns what it answered. */
function rpc(name: string, request: Record<string, unknown>): Record<string, unknown> {
  let answer: unknown;
  const handler = service[name] as grpc.handleUnaryCall<unknown, unknown>;
  handler({ request } as grpc.ServerUnaryCall<unknown, unknown>, (err, value) => {
    if (err) throw err;
    answer = value;
  });
  return answer as Record<string, unknown>;
}

const network = (over: Record<string, CtyValue>) => ({
  id: "net-1",
  arn: "arn:toy:net-1",
  name: "main",
  policy: null,
  mtu: 1500,
  tags: null,
  tags_all: {},
  subnet: [],
  settings: null,
  rule: [],
  ...over,
});
const dv = (v: CtyValue) => ({ msgpack: encode(v, networkType) });
const planned = (res: Record<string, unknown>) =>
  decode((res.planned_state as { msgpack: Buffer }).msgpack, networkType);

describe("providerService", () => {
  it("plans an update as proposed: prior computed values stay known", () => {
    const prior = network({});
    const proposed = network({ name: "renamed" });
    const res = rpc("PlanResourceChange", {
      type_name: "toycloud_network",
      prior_state: dv(prior),
      proposed_new_state: dv(proposed),
      config: dv(network({ id: null, arn: null, mtu: null, tags_all: null, name: "renamed" })),
    });
    expect(planned(res)).toEqual(proposed);
  });

  it("plans a create with computed attributes unknown, and a destroy as null", () => {
    const proposed = network({ id: null, arn: null, mtu: null, tags_all: null });
    const create = rpc("PlanResourceChange", {
      type_name: "toycloud_network",
      prior_state: dv(null),
      proposed_new_state: dv(proposed),
    });
    expect(planned(create)).toEqual({
      ...proposed,
      id: UNKNOWN,
      arn: UNKNOWN,
      mtu: UNKNOWN,
      tags_all: UNKNOWN,
    });
    const destroy = rpc("PlanResourceChange", {
      type_name: "toycloud_network",
      prior_state: dv(network({})),
      proposed_new_state: dv(null),
    });
    expect(planned(destroy)).toBeNull();
  });

  it("passes state through on upgrade and read, and imports by id", () => {
    const json = Buffer.from(JSON.stringify(network({})));
    expect(rpc("UpgradeResourceState", { type_name: "toycloud_network", raw_state: { json } })).toEqual({
      upgraded_state: { json },
    });
    const state = dv(network({}));
    expect(rpc("ReadResource", { type_name: "toycloud_network", current_state: state })).toMatchObject({
      new_state: state,
    });
    const imported = rpc("ImportResourceState", { type_name: "toycloud_network", id: "net-9" });
    const [first] = imported.imported_resources as { state: { msgpack: Buffer } }[];
    expect(decode(first!.state.msgpack, networkType)).toMatchObject({ id: "net-9", name: null });
  });

  it("answers an unknown type or legacy state with an error diagnostic, not a crash", () => {
    expect(rpc("PlanResourceChange", { type_name: "toycloud_nope" })).toEqual({
      diagnostics: [
        {
          severity: "ERROR",
          summary: 'stand-in provider: PlanResourceChange: unknown resource type "toycloud_nope"',
          detail: "",
        },
      ],
    });
    expect(
      rpc("UpgradeResourceState", { type_name: "toycloud_network", raw_state: { flatmap: { id: "x" } } }),
    ).toMatchObject({ diagnostics: [{ summary: expect.stringContaining("no legacy flatmap state") }] });
  });

  it("records each call with its type", () => {
    expect(calls).toContain("PlanResourceChange toycloud_network");
    expect(calls).toContain("ImportResourceState toycloud_network");
  });
});
