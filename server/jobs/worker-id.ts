import { hostname } from "node:os";
import { randomBytes } from "node:crypto";

/** A lease owner's name: what it is, where it runs, and a random tail so two loops in one process differ. */
export function newWorkerId(label = "worker"): string {
  return `${label}:${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}
