/** The part of Prisma's DMMF datamodel the row types are made from. */
type Datamodel = {
  enums: { name: string; values: { name: string; dbName?: string | null }[] }[];
  models: {
    name: string;
    dbName?: string | null;
    fields: {
      name: string;
      dbName?: string | null;
      kind: string;
      type: string;
      isList: boolean;
      isRequired: boolean;
    }[];
  }[];
};

export function rowTypesSource(datamodel: Datamodel): string;
