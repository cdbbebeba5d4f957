import { parseRoleMap, type RoleMapping } from "../../lib/auth/oidc-role-map";
import { env } from "../env";

export const OIDC_PROVIDER_ID = "oidc";

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  groupsClaim: string;
  scopes: string;
  roleMap: RoleMapping[];
  /** E-mail domains the provider is the authority for (existing records with such an address are linked). */
  trustedEmailDomains: string[];
};

let cached: { key: string; config: OidcConfig | null } | undefined;

/** Single sign-on's settings, or null when it is not configured (issuer and client id both needed). */
export function oidcConfig(): OidcConfig | null {
  const e = env();
  const key = JSON.stringify([
    e.BREACHDESK_OIDC_ISSUER,
    e.BREACHDESK_OIDC_CLIENT_ID,
    e.BREACHDESK_OIDC_ROLE_MAP,
    e.BREACHDESK_OIDC_TRUSTED_EMAIL_DOMAINS,
  ]);
  if (cached?.key === key) return cached.config;
  const config =
    e.BREACHDESK_OIDC_ISSUER && e.BREACHDESK_OIDC_CLIENT_ID
      ? {
          issuer: e.BREACHDESK_OIDC_ISSUER.replace(/\/+$/, ""),
          clientId: e.BREACHDESK_OIDC_CLIENT_ID,
          clientSecret: e.BREACHDESK_OIDC_CLIENT_SECRET ?? "",
          name: e.BREACHDESK_OIDC_NAME,
          groupsClaim: e.BREACHDESK_OIDC_GROUPS_CLAIM,
          scopes: e.BREACHDESK_OIDC_SCOPES,
          roleMap: parseRoleMap(e.BREACHDESK_OIDC_ROLE_MAP),
          trustedEmailDomains: e.BREACHDESK_OIDC_TRUSTED_EMAIL_DOMAINS,
        }
      : null;
  cached = { key, config };
  return config;
}

/** What the sign-in page needs to know. */
export function signInMethods(): { password: boolean; sso: { name: string } | null } {
  const sso = oidcConfig();
  return { password: env().BREACHDESK_PASSWORD_SIGNIN === "on", sso: sso ? { name: sso.name } : null };
}
