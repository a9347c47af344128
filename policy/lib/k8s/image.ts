/**
 * Image reference checks shared by workloads and Helm values.
 */
import { isReference } from "../values.js";

/**
 * Why an image reference is not pinned, or `undefined` when it is. Pinned means a digest
 * (`@sha256:...`) or a tag other than `latest`.
 */
export function unpinnedReason(image: unknown): string | undefined {
  if (typeof image !== "string" || image === "") return "is unset";
  if (isReference(image) || image.includes("@sha256:")) return undefined;
  const lastSlash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  if (colon <= lastSlash) return "has no tag (pulls latest)";
  return image.slice(colon + 1) === "latest" ? 'uses tag "latest"' : undefined;
}
