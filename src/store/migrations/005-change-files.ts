import type { Kysely, Migration } from "kysely";

/**
 * The files a commit touches, as sent (`change.files`, or read by `stride import git --paths`): what decides, in
 * a monorepo, which services a commit ships to. Commits stored before had none to keep.
 */
export function changeFiles(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("changes").addColumn("files", "text").execute();
    },
  };
}
