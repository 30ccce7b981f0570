import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The dashboard: src/web/ui built into dist/web, which the Stride server serves at `/`. `npm run dev:web` serves
 * it with hot reload and sends /api to a Stride server on :7070 (STRIDE_DEV_API changes that).
 */
export default defineConfig({
  root: fileURLToPath(new URL("./ui/", import.meta.url)),
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../../dist/web/", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      "/api": process.env.STRIDE_DEV_API ?? "http://127.0.0.1:7070",
      "/docs": process.env.STRIDE_DEV_API ?? "http://127.0.0.1:7070",
    },
  },
});
