/**
 * Predicates shared by the mesh, ingress, autoscaling and GitOps constructs' validation. Values that
 * are unresolved tokens (another resource's attribute) pass: they are only known at apply time.
 */
import { Token } from "../core";

/** An RFC 1123 label: namespaces, release-like names, revisions. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** An RFC 1123 subdomain: object names, service host names. */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** An exact semantic version without a leading `v`, such as `1.30.5`. */
export const SEMVER = /^\d+\.\d+\.\d+$/;

/** True for an integer in [min, max]. */
export function isIntIn(value: number, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** True for an unresolved token or a string matching `pattern`. */
export function tokenOr(value: string, pattern: RegExp): boolean {
  return Token.isUnresolved(value) || pattern.test(value);
}

/** An IAM role ARN in any partition. */
export const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** An AWS region such as `eu-west-1` or `us-gov-west-1`. */
export const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
/** A VPC ID. */
export const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
/** An EKS cluster name: letters, digits, dashes and underscores, starting with a letter or digit. */
export const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
