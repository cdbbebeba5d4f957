import { describe, expect, it } from "vitest";
import { AppError, prismaErrorCode } from "./errors";

describe("prismaErrorCode", () => {
  it("reads Prisma's own codes", () => {
    expect(prismaErrorCode({ code: "P2025" })).toBe("P2025");
  });

  it("maps unique violations passed through by a driver adapter", () => {
    expect(prismaErrorCode({ name: "DriverAdapterError", cause: { kind: "postgres", code: "23505" } })).toBe("P2002");
    expect(prismaErrorCode({ cause: { kind: "UniqueConstraintViolation" } })).toBe("P2002");
    expect(prismaErrorCode({ code: "23505" })).toBe("P2002");
  });

  it("ignores anything else", () => {
    expect(prismaErrorCode(new Error("duplicate key value violates unique constraint"))).toBeUndefined();
    expect(prismaErrorCode(null)).toBeUndefined();
  });
});

describe("AppError", () => {
  it("carries an HTTP status for its code", () => {
    expect(new AppError("FORBIDDEN", "no").status).toBe(403);
    expect(new AppError("VALIDATION", "bad", { email: "invalid" }).fields).toEqual({ email: "invalid" });
  });
});
