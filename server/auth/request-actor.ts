import "server-only";
import type { CurrentUser } from "./session";

/**
 * Who a route handler acts as, for the data functions: the staff member and,
 * when the request came with an API token, that token (the token principal's
 * `tokenId`), so that four eyes can name it and count what it did.
 */
export function requestActorOf(user: CurrentUser): { id: string; email: string; tokenId: string | null } {
  const tokenId = "tokenId" in user && typeof user.tokenId === "string" ? user.tokenId : null;
  return { id: user.id, email: user.email, tokenId };
}
