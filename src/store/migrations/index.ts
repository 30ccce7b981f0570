import type { Migration, MigrationProvider } from "kysely";
import type { Engine } from "../engine.js";
import { initial } from "./001-initial.js";
import { dataVersion } from "./002-data-version.js";
import { shipmentIndexes } from "./003-shipment-indexes.js";
import { changesCover } from "./004-changes-cover.js";
import { changeFiles } from "./005-change-files.js";
import { connections } from "./006-connections.js";
import { changeKeys } from "./007-change-keys.js";

/** Versioned migrations, applied in name order at start. Never edit one that has shipped: add the next. */
export function migrationProvider(engine: Engine): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        "001-initial": initial(engine),
        "002-data-version": dataVersion(),
        "003-shipment-indexes": shipmentIndexes(),
        "004-changes-cover": changesCover(),
        "005-change-files": changeFiles(),
        "006-connections": connections(engine),
        "007-change-keys": changeKeys(engine),
      };
    },
  };
}
