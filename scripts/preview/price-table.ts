/**
 * The pinned price table (`prices.json`): AWS eu-west-1 on-demand list prices, Azure West Europe
 * pay-as-you-go prices, CloudFlare's Load Balancing add-on, the date they were read, and for each number
 * its source or, where none was found, how it was estimated. Validated when this module loads.
 */
import { z } from "zod";
import { isObject } from "../../policy/lib/values";
import rawPrices from "./prices.json";

const price = z.strictObject({
  usd: z.number().nonnegative(),
  basis: z.enum(["read", "estimate"]),
  source: z.string().optional(),
  note: z.string().optional(),
});
const factor = price.omit({ usd: true }).extend({ value: z.number().nonnegative() });

/** The Azure section: pay-as-you-go prices for the region the environments use (`azure.location`). */
const AzurePricesSchema = z.strictObject({
  region: z.string(),
  notes: z.array(z.string()),
  vmHourly: z.record(z.string(), price),
  spotPriceFactor: factor,
  aksClusterHourly: z.record(z.string(), price),
  postgresFlexibleHourly: z.record(z.string(), price),
  postgresHaFactor: factor,
  postgresStorageGbMonth: price,
  managedRedisHourly: z.record(z.string(), price),
  managedRedisHaFactor: factor,
  containerRegistryDaily: z.record(z.string(), price),
  publicIpHourly: z.record(z.string(), price),
  privateEndpointHourly: price,
  privateDnsZoneMonthly: price,
  keyVaultHsmKeyMonthly: z.record(z.string(), price),
  virtualNetworkGatewayHourly: z.record(z.string(), price),
  dnsZoneMonthly: price,
});

/** The CloudFlare section: the Load Balancing add-on, billed once per account. */
const CloudflarePricesSchema = z.strictObject({
  notes: z.array(z.string()),
  loadBalancingMonthly: price,
  loadBalancingIncludedOrigins: factor,
  loadBalancingOriginMonthly: price,
  loadBalancingIncludedIntervalSeconds: factor,
  fastHealthChecksMonthly: price,
  dynamicSteeringMonthly: price,
});

/** The shape of `prices.json`; every `source` must name an entry of `sources`. */
export const PriceTableSchema = z
  .strictObject({
    region: z.string(),
    currency: z.literal("USD"),
    pricesReadOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    hoursPerMonth: z.number().positive(),
    notes: z.array(z.string()),
    sources: z.record(z.string(), z.string()),
    ec2InstanceHourly: z.record(z.string(), price),
    spotPriceFactor: factor,
    rdsInstanceHourly: z.record(z.string(), z.record(z.string(), price)),
    rdsMultiAzFactor: factor,
    rdsStorageGbMonth: z.record(z.string(), price),
    elasticacheNodeHourly: z.record(z.string(), price),
    ebsGbMonth: z.record(z.string(), price),
    s3StandardGbMonth: price,
    s3AssumedGbPerBucket: factor,
    natGatewayHourly: price,
    publicIpv4Hourly: price,
    loadBalancerHourly: z.record(z.string(), price),
    eksClusterHourly: z.record(z.string(), price),
    kmsKeyMonthly: price,
    secretsManagerSecretMonthly: price,
    route53HostedZoneMonthly: price,
    vpnConnectionHourly: price,
    azure: AzurePricesSchema,
    cloudflare: CloudflarePricesSchema,
    freeTypePrefixes: z.array(z.string()),
    freeTypes: z.array(z.string()),
    usageBasedTypes: z.record(z.string(), z.string()),
  })
  .superRefine((table, ctx) => {
    const walk = (value: unknown, path: (string | number)[]) => {
      if (!isObject(value)) return;
      if (typeof value.source === "string" && !(value.source in table.sources)) {
        ctx.addIssue({ code: "custom", path, message: `source ${value.source} is not in sources` });
      }
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(table, []);
  });

/** A validated price table. */
export type PriceTable = z.infer<typeof PriceTableSchema>;
export type Price = z.infer<typeof price>;

/** The pinned table, validated when this module loads. */
export const PRICES: PriceTable = PriceTableSchema.parse(rawPrices);
