import { env } from "../env";

/**
 * An absolute link into the app for a message read elsewhere (a chat
 * channel, an e-mail): the app's public URL (NEXTAUTH_URL), or the local
 * default when it is unset.
 */
export function appUrl(path: string): string {
  return new URL(path, env().NEXTAUTH_URL ?? "http://localhost:3000").toString();
}
