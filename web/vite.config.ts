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
    {
      name: 'build-stamp',
      closeBundle() {
        writeFileSync(path.join(root, 'dist', '.build-stamp'), new Date().toISOString());
      },
    },
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
