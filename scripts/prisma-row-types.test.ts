import { describe, expect, it } from "vitest";
import { rowTypesSource } from "./prisma-row-types.mjs";

describe("the row types generator", () => {
  it("names tables and columns as the database does, with the drivers' types", () => {
    const source = rowTypesSource({
      enums: [{ name: "Status", values: [{ name: "open" }, { name: "inDoubt", dbName: "in_doubt" }] }],
      models: [
        {
          name: "Ticket",
          dbName: "tickets",
          fields: [
            { name: "id", kind: "scalar", type: "String", isList: false, isRequired: true },
            { name: "accountId", dbName: "account_id", kind: "scalar", type: "Int", isList: false, isRequired: true },
            { name: "cents", kind: "scalar", type: "BigInt", isList: false, isRequired: false },
            { name: "status", kind: "enum", type: "Status", isList: false, isRequired: true },
            {
              name: "closedAt",
              dbName: "closed_at",
              kind: "scalar",
              type: "DateTime",
              isList: false,
              isRequired: false,
            },
            { name: "tags", kind: "scalar", type: "String", isList: true, isRequired: true },
            { name: "meta", kind: "scalar", type: "Json", isList: false, isRequired: true },
            { name: "account", kind: "object", type: "Account", isList: false, isRequired: true },
          ],
        },
      ],
    });
    expect(source).toContain('export type Status = "open" | "in_doubt";');
    expect(source).toContain(
      [
        "  tickets: {",
        "    id: string;",
        "    account_id: number;",
        "    cents: number | null;",
        "    status: Status;",
        "    closed_at: Date | null;",
        "    tags: string[];",
        "    meta: unknown;",
        "  };",
      ].join("\n"),
    );
    expect(source).not.toContain("account:");
  });
});
