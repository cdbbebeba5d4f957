import type { SqlDriver } from "./driver";
import { PrismaClient } from "./generated/prisma/client";

export type Prisma = PrismaClient;

export function createPrisma(driver: SqlDriver): PrismaClient {
  return new PrismaClient({ adapter: driver.prismaAdapter() });
}
