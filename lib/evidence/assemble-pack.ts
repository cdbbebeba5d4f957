import { createPublicKey, type KeyObject } from "node:crypto";
import {
  manifestBytes,
  MANIFEST_FILE,
  SIGNATURE_FILE,
  SIGNING_KEY_FILE,
  type PackFile,
  type PackManifest,
} from "./manifest";
import { keyIdOf, signBytes } from "./signature";

export type PackMeta = Omit<PackManifest, "format" | "files" | "instance"> & { instanceUrl: string | null };

/**
 * The pack's files with the public key, the manifest over all of them and its
 * signature: what goes into the zip, in that order.
 */
export function assemblePack(contents: readonly PackFile[], meta: PackMeta, privateKey: KeyObject): PackFile[] {
  const publicKey = createPublicKey(privateKey);
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const files = [...contents, { name: SIGNING_KEY_FILE, data: Buffer.from(pem) }];
  const { instanceUrl, ...rest } = meta;
  const manifest = manifestBytes({ ...rest, instance: { url: instanceUrl, keyId: keyIdOf(publicKey) } }, files);
  return [
    ...files,
    { name: MANIFEST_FILE, data: manifest },
    { name: SIGNATURE_FILE, data: Buffer.from(signBytes(manifest, privateKey)) },
  ];
}
