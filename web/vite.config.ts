import react from '@vitejs/plugin-react';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

// Separate entry points: the phone form never ships admin or chart code.
export default defineConfig({
  root,
  base: '/',
  plugins: [
    react(),
    (() => {
      let outDir = path.join(root, 'dist');
      return {
        name: 'build-stamp',
        configResolved(config: { build: { outDir: string } }) {
          outDir = path.resolve(root, config.build.outDir);
        },
        // Lets `npm start` tell whether the build is older than its sources.
        closeBundle() {
          writeFileSync(path.join(outDir, '.build-stamp'), new Date().toISOString());
        },
      };
    })(),
  ],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2019',
    rollupOptions: {
      input: {
        form: path.join(root, 'form', 'index.html'),
        admin: path.join(root, 'admin', 'index.html'),
      },
    },
  },
});
