/**
 * What every storage account here shares, whatever it holds: StorageV2, HTTPS and TLS 1.2 only, no
 * public containers, Entra ID only (no shared keys, so no account-key SAS, and no local SFTP users;
 * the provider needs `storage_use_azuread = true`, see README), no copies to other tenants or from
 * outside Entra. Spread into `StorageAccountConfig`; the constructs add replication, network rules
 * and the rest. Provider-free, so it imports no binding.
 */
export const STORAGE_ACCOUNT_BASELINE = {
  accountKind: "StorageV2",
  accountTier: "Standard",
  httpsTrafficOnlyEnabled: true,
  minTlsVersion: "TLS1_2",
  allowNestedItemsToBePublic: false,
  sharedAccessKeyEnabled: false,
  defaultToOauthAuthentication: true,
  localUserEnabled: false,
  crossTenantReplicationEnabled: false,
  allowedCopyScope: "AAD",
} as const;
