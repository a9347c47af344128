/** The AWS resources priced from their attributes: EKS node groups, RDS instances, ElastiCache groups. */
import { asNumber, asStrings, block, blocks } from "../../policy/lib/values";
import type { JsonObject } from "../../policy/types";
import { Bill, type PriceContext, type Priced, unpriced } from "./price-bill";
import type { Price, PriceTable } from "./price-table";

export function nodeGroup(values: JsonObject, ctx: PriceContext, table: PriceTable): Priced {
  const scaling = block(values.scaling_config);
  const nodes = asNumber(scaling?.desired_size) ?? asNumber(scaling?.min_size);
  if (nodes === undefined) return unpriced("desired size unknown");
  const template = ctx.resolve(block(values.launch_template)?.id);
  const types = asStrings(values.instance_types);
  if (types.length === 0 && typeof template?.instance_type === "string") types.push(template.instance_type);
  const spot = values.capacity_type === "SPOT";
  const known = (spot ? types : types.slice(0, 1)).filter((t) => table.ec2InstanceHourly[t] !== undefined);
  if (known.length === 0)
    return unpriced(`instance type ${types.join(", ") || "unknown"} not in the price table`);
  const bill = new Bill(table);
  const mean = known.reduce((sum, t) => sum + table.ec2InstanceHourly[t]!.usd, 0) / known.length;
  const hourly: Price = {
    usd: spot ? mean * table.spotPriceFactor.value : mean,
    basis: known.some((t) => table.ec2InstanceHourly[t]!.basis === "estimate") || spot ? "estimate" : "read",
  };
  bill.add(
    hourly,
    nodes,
    "hour",
    spot
      ? `${nodes} × spot (${known.join(", ")}) at ${Math.round(table.spotPriceFactor.value * 100)}% of on-demand`
      : `${nodes} × ${known[0]}`,
  );
  const ebs = block(blocks(template?.block_device_mappings)[0]?.ebs);
  const diskGb =
    asNumber(ebs?.volume_size) ?? (template === undefined ? (asNumber(values.disk_size) ?? 20) : undefined);
  const volumeType = typeof ebs?.volume_type === "string" ? ebs.volume_type : "gp3";
  const volumePrice = table.ebsGbMonth[volumeType];
  if (diskGb !== undefined && volumePrice !== undefined) {
    bill.add(volumePrice, nodes * diskGb, "month", `${nodes} × ${diskGb} GB ${volumeType}`);
  }
  return bill.result();
}

export function dbInstance(values: JsonObject, ctx: PriceContext, table: PriceTable): Priced {
  const source =
    values.replicate_source_db === undefined ? undefined : ctx.resolve(values.replicate_source_db);
  const engine = typeof values.engine === "string" ? values.engine : source?.engine;
  const cls = values.instance_class;
  if (typeof engine !== "string" || typeof cls !== "string")
    return unpriced("engine or instance class unknown");
  const hourly = table.rdsInstanceHourly[engine]?.[cls];
  if (hourly === undefined) return unpriced(`${engine} ${cls} not in the price table`);
  const multiAz = values.multi_az === true || values.multi_az === "true";
  const copies = multiAz ? table.rdsMultiAzFactor.value : 1;
  const bill = new Bill(table);
  bill.add(hourly, copies, "hour", `${cls}${multiAz ? " Multi-AZ" : ""}`);
  const storageGb = asNumber(values.allocated_storage) ?? asNumber(source?.allocated_storage);
  const storageType = typeof values.storage_type === "string" ? values.storage_type : "gp2";
  const storagePrice = table.rdsStorageGbMonth[storageType];
  if (storageGb !== undefined && storagePrice !== undefined) {
    bill.add(
      storagePrice,
      storageGb * copies,
      "month",
      `${storageGb} GB ${storageType}${multiAz ? " × 2" : ""}`,
    );
  }
  return bill.result();
}

export function cacheGroup(values: JsonObject, table: PriceTable): Priced {
  const type = values.node_type;
  const hourly = typeof type === "string" ? table.elasticacheNodeHourly[type] : undefined;
  if (hourly === undefined) return unpriced(`node type ${String(type)} not in the price table`);
  const groups = asNumber(values.num_node_groups);
  const replicas = asNumber(values.replicas_per_node_group);
  const nodes =
    asNumber(values.num_cache_clusters) ??
    (groups !== undefined ? groups * ((replicas ?? 0) + 1) : undefined) ??
    1;
  const bill = new Bill(table);
  bill.add(hourly, nodes, "hour", `${nodes} × ${type}`);
  return bill.result();
}
