export const API_TOKEN_SCOPES = ["timeline.write"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];
